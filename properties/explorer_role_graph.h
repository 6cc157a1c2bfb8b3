// File: properties/explorer_role_graph.h
// Defines `RoleGraph`, the explored state graph abstracted to situations (role state when open,
// else closed / dropped) with one edge per (from, to) pair labelled by the op kinds that lead
// there, as a boost::adjacency_list; and its DOT and GraphML forms (write_graphviz,
// write_graphml). docs/role-graph.svg is rendered from the DOT.
// Thread-safety: immutable values; the writers are pure.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_ROLE_GRAPH_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_ROLE_GRAPH_H_

#include <boost/graph/adjacency_list.hpp>
#include <string>

#include "properties/explorer.h"

namespace hookcheck::properties {

struct RoleNode {
  std::string name;  // "W", "S", "closed", ...
};
struct RoleEdge {
  std::string ops;  // "Flush, Put" : the op kinds, in variant order
  int op_count = 0;
};
using RoleGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, RoleNode, RoleEdge>;

// Only situations the exploration entered become vertices. Self-loops (refusals, no-ops, and
// ops that keep the role) are left out unless `self_loops`: they would name almost every op.
RoleGraph BuildRoleGraph(const ExploreResult& result, bool self_loops = false);

std::string ToDot(const RoleGraph& g);
std::string ToGraphMl(const RoleGraph& g);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_ROLE_GRAPH_H_
