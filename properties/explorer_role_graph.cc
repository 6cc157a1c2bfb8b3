// File: properties/explorer_role_graph.cc
// Implements the role graph and its two serialisations.
#include "properties/explorer_role_graph.h"

#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <sstream>

namespace hookcheck::properties {

RoleGraph BuildRoleGraph(const ExploreResult& result, bool self_loops) {
  RoleGraph g;
  std::array<RoleGraph::vertex_descriptor, kSituationCount> vertex{};
  std::array<bool, kSituationCount> present{};
  for (int from = 0; from < kSituationCount; ++from) {
    for (int to = 0; to < kSituationCount; ++to) {
      if (result.role_edges[from][to] == 0) continue;
      present[from] = present[to] = true;
    }
  }
  present[SituationOf(model::InitialState())] = true;
  for (int s = 0; s < kSituationCount; ++s) {
    if (present[s]) vertex[s] = boost::add_vertex(RoleNode{std::string(SituationName(s))}, g);
  }
  for (int from = 0; from < kSituationCount; ++from) {
    for (int to = 0; to < kSituationCount; ++to) {
      const uint32_t kinds = result.role_edges[from][to];
      if (kinds == 0 || (from == to && !self_loops)) continue;
      RoleEdge e;
      for (int k = 0; k < model::kOpKindCount; ++k) {
        if (!(kinds & (1u << k))) continue;
        if (e.op_count++) e.ops += ", ";
        e.ops += model::OpName(k);
      }
      boost::add_edge(vertex[from], vertex[to], e, g);
    }
  }
  return g;
}

std::string ToDot(const RoleGraph& g) {
  std::ostringstream o;
  boost::write_graphviz(
      o, g,
      [&g](std::ostream& out, RoleGraph::vertex_descriptor v) {
        out << "[label=\"" << g[v].name << "\""
            << (g[v].name == "W" ? ", shape=doublecircle" : ", shape=circle") << "]";
      },
      [&g](std::ostream& out, RoleGraph::edge_descriptor e) {
        std::string label = g[e].ops;
        // Wrap long labels: one op per line keeps the picture narrow.
        for (size_t i = 0; (i = label.find(", ", i)) != std::string::npos;)
          label.replace(i, 2, "\\n");
        out << "[label=\"" << label << "\", fontsize=9]";
      },
      [](std::ostream& out) {
        out << "rankdir=LR;\nnode [fontname=\"Helvetica\"];\nedge [fontname=\"Helvetica\"];\n";
      });
  return o.str();
}

std::string ToGraphMl(const RoleGraph& g) {
  boost::dynamic_properties dp;
  auto& mg =
      const_cast<RoleGraph&>(g);  // dynamic_properties wants mutable maps; nothing is written
  dp.property("name", boost::get(&RoleNode::name, mg));
  dp.property("ops", boost::get(&RoleEdge::ops, mg));
  dp.property("op_count", boost::get(&RoleEdge::op_count, mg));
  std::ostringstream o;
  boost::write_graphml(o, g, dp, true);
  return o.str();
}

}  // namespace hookcheck::properties
