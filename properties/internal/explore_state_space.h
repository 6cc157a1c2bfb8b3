// File: properties/internal/explore_state_space.h
// Defines `StateSpace`, the explorer's store (visited fingerprints, the shortest-path tree, the
// frontier's full states) and successor function, and `StateGraph`, the Boost.Graph view of it:
// an implicit IncidenceGraph whose out_edges(u) runs model::Step for every command of the
// alphabet and interns the targets. boost::breadth_first_visit walks it; nothing here is a graph
// algorithm. Also `StateColorMap`, the BFS color kept in each vertex record (2 bits used), so the
// color map grows with the store instead of being sized for the whole budget up front.
// Thread-safety: externally synchronized (one search).
#ifndef HOOKCHECK_PROPERTIES_INTERNAL_EXPLORE_STATE_SPACE_H_
#define HOOKCHECK_PROPERTIES_INTERNAL_EXPLORE_STATE_SPACE_H_

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "model/config.h"
#include "model/op.h"
#include "model/region_state.h"
#include "model/step.h"
#include "properties/explorer.h"
#include "properties/internal/explore_fingerprint_index.h"

namespace hookcheck::properties::explore_internal {

// 8 bytes: the parent edge, the depth, and the search's per-vertex bits.
struct VertexRecord {
  uint32_t parent = 0;
  uint8_t command = 0;
  uint8_t depth = 0;
  uint8_t expandable = 0;  // its out-edges will be followed
  uint8_t color = 0;       // boost::default_color_type, stored narrow
};
static_assert(sizeof(VertexRecord) == 8);

// An edge of the implicit graph: `command` indexes both the alphabet and the step results.
struct SuccessorEdge {
  uint32_t source = 0;
  uint32_t target = 0;
  uint8_t command = 0;
  friend bool operator==(const SuccessorEdge&, const SuccessorEdge&) = default;
};

class StateSpace {
 public:
  // Pointers must outlive the space.
  StateSpace(const std::vector<model::Command>* alphabet, const model::ModelConfig* config,
             const ExploreOptions* options);

  // Stores the root (vertex 0). REQUIRES: called once, first.
  uint32_t AddRoot(model::RegionState root);

  // The out-edges of `u`, computed now: one per command when `u` is expandable, none otherwise.
  // A target past the budget is the sink (always black). Valid until the next call.
  const std::vector<SuccessorEdge>& Expand(uint32_t u);
  // The step behind `e`. REQUIRES: `e` is from the last Expand.
  const model::StepResult& StepOf(const SuccessorEdge& e) const { return results_[e.command]; }
  // The state Expand(u) started from. REQUIRES: u was the last vertex expanded.
  const model::RegionState& current() const { return current_; }

  // `e` discovered its target: record the parent edge and keep the target's state if it will be
  // expanded. REQUIRES: `e` is from the last Expand and e.target != sink().
  void Adopt(const SuccessorEdge& e);

  uint32_t sink() const { return sink_; }
  uint32_t size() const { return static_cast<uint32_t>(records_.size()); }
  const VertexRecord& record(uint32_t v) const { return records_[v]; }
  VertexRecord& record(uint32_t v) { return records_[v]; }
  uint64_t fingerprint(uint32_t v) const { return fingerprints_[v]; }
  bool budget_exhausted() const { return budget_exhausted_; }
  size_t frontier_size() const { return frontier_.size(); }
  uint64_t unstored_edges() const { return unstored_; }

  // Bytes of the visited set (fingerprints, records, hash slots), capacities included.
  size_t stored_bytes() const;
  std::vector<VertexRecord> TakeRecords() { return std::move(records_); }

 private:
  bool Expandable(uint32_t v, uint8_t depth) const;

  const std::vector<model::Command>* const alphabet_;
  const model::ModelConfig* const config_;
  const ExploreOptions* const options_;
  const uint32_t sink_;

  std::vector<uint64_t> fingerprints_;  // by vertex id
  std::vector<VertexRecord> records_;   // by vertex id
  FingerprintIndex index_;
  // States of discovered, not yet expanded, expandable vertices, in discovery (= BFS) order.
  std::deque<model::RegionState> frontier_;
  model::RegionState current_;
  std::vector<model::StepResult> results_;  // by command, for the vertex last expanded
  std::vector<SuccessorEdge> edges_;
  std::vector<SuccessorEdge> none_;
  bool budget_exhausted_ = false;
  uint64_t unstored_ = 0;
};

// The Boost.Graph view: an IncidenceGraph over vertex ids.
struct StateGraph {
  using vertex_descriptor = uint32_t;
  using edge_descriptor = SuccessorEdge;
  using out_edge_iterator = std::vector<SuccessorEdge>::const_iterator;
  using directed_category = boost::directed_tag;
  using edge_parallel_category = boost::allow_parallel_edge_tag;
  using traversal_category = boost::incidence_graph_tag;
  using vertices_size_type = uint32_t;
  using edges_size_type = uint64_t;
  using degree_size_type = uint32_t;
  static vertex_descriptor null_vertex() { return UINT32_MAX; }

  StateSpace* space;
};

inline std::pair<StateGraph::out_edge_iterator, StateGraph::out_edge_iterator> out_edges(
    uint32_t u, const StateGraph& g) {
  const auto& edges = g.space->Expand(u);
  return {edges.begin(), edges.end()};
}
inline uint32_t source(const SuccessorEdge& e, const StateGraph&) { return e.source; }
inline uint32_t target(const SuccessorEdge& e, const StateGraph&) { return e.target; }
// Only for the concept check: the search itself never asks (it would recompute the successors).
inline uint32_t out_degree(uint32_t u, const StateGraph& g) {
  return static_cast<uint32_t>(g.space->Expand(u).size());
}

// The BFS color of each vertex, in its record; the sink is black.
struct StateColorMap {
  using key_type = uint32_t;
  using value_type = boost::default_color_type;
  using reference = boost::default_color_type;
  using category = boost::read_write_property_map_tag;
  StateSpace* space;
};
inline boost::default_color_type get(const StateColorMap& m, uint32_t v) {
  if (v == m.space->sink()) return boost::black_color;
  return static_cast<boost::default_color_type>(m.space->record(v).color);
}
inline void put(const StateColorMap& m, uint32_t v, boost::default_color_type c) {
  if (v != m.space->sink()) m.space->record(v).color = static_cast<uint8_t>(c);
}

}  // namespace hookcheck::properties::explore_internal

#endif  // HOOKCHECK_PROPERTIES_INTERNAL_EXPLORE_STATE_SPACE_H_
