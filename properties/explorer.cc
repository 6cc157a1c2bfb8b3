// File: properties/explorer.cc
// Implements Explore: sets up the implicit state graph, runs boost::breadth_first_visit with a
// visitor that checks every edge, and turns the first hits into shortest paths. The visitor keeps
// (vertex, command) pairs only; paths are rebuilt from the tree at the end, so recording a hit
// costs 8 bytes whatever the depth.
#include "properties/explorer.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/pending/queue.hpp>
#include <chrono>
#include <optional>

#include "model/region_state.h"
#include "properties/internal/explore_state_space.h"

namespace hookcheck::properties {
namespace {

using explore_internal::StateGraph;
using explore_internal::StateSpace;
using explore_internal::SuccessorEdge;

// An edge identified by its source vertex and command: enough to rebuild its shortest path.
struct Hit {
  uint32_t source = 0;
  uint8_t command = 0;
};

struct SearchState {
  const ExploreOptions* options;
  const std::vector<model::Command>* alphabet;
  const std::vector<CoverageRow>* rows;
  StateSpace* space;
  ExploreStats* stats;
  std::vector<std::optional<Hit>> violation_hits;  // by invariant
  std::vector<std::string> violation_messages;
  std::vector<std::string> violation_states;
  std::vector<std::optional<Hit>> row_hits;   // by row
  std::vector<size_t> rows_open;              // rows not yet reached
  std::vector<std::optional<Hit>> pair_hits;  // situation-major
  std::array<std::array<uint32_t, kSituationCount>, kSituationCount> role_edges{};
  uint64_t state_bytes = 0;  // summed over expanded states, for the frontier estimate
  uint64_t examined = 0;
};

constexpr uint64_t kProgressEvery = 4096;

uint64_t StateBytes(const model::RegionState& s);

class CheckingVisitor : public boost::default_bfs_visitor {
 public:
  explicit CheckingVisitor(SearchState* s) : s_(s) {}

  void examine_vertex(uint32_t u, const StateGraph&) {
    const auto& r = s_->space->record(u);
    if (r.expandable) ++s_->stats->expanded;
    // Every kProgressEvery states: cheap enough that the search's rate does not change.
    if (++s_->examined % kProgressEvery != 0) return;
    const ExploreOptions& o = *s_->options;
    if (o.on_progress) o.on_progress(s_->stats->expanded);
    if (o.stop != nullptr && o.stop->Stopped()) throw StopRequested(o.stop->Reason());
  }

  void examine_edge(const SuccessorEdge& e, const StateGraph&) {
    SearchState& s = *s_;
    ++s.stats->edges;
    const model::RegionState& before = s.space->current();
    const model::Command& command = (*s.alphabet)[e.command];
    const model::StepResult& step = s.space->StepOf(e);
    const EdgeView view{before, command, step, s.options->config};
    const Hit hit{e.source, e.command};
    if (e.target == e.source) ++s.stats->self_loops;

    const std::vector<Invariant>& invariants = s.options->invariants;
    for (size_t i = 0; i < invariants.size(); ++i) {
      // The cheap predicate on every edge; the message only for the first (shortest) violation.
      if (s.violation_hits[i] || invariants[i].holds(view)) continue;
      s.violation_hits[i] = hit;
      s.violation_messages[i] = Check(invariants[i], view);
      s.violation_states[i] = model::ToString(before);
    }

    const int from = SituationOf(before);
    const int kind = static_cast<int>(command.op.index());
    auto& pair = s.pair_hits[static_cast<size_t>(from) * model::kOpKindCount + kind];
    if (!pair) pair = hit;
    s.role_edges[from][SituationOf(step.next)] |= 1u << kind;

    for (size_t k = 0; k < s.rows_open.size();) {
      const size_t row = s.rows_open[k];
      if ((*s.rows)[row].matches(view)) {
        s.row_hits[row] = hit;
        s.rows_open[k] = s.rows_open.back();
        s.rows_open.pop_back();
      } else {
        ++k;
      }
    }
  }

  void tree_edge(const SuccessorEdge& e, const StateGraph&) {
    s_->space->Adopt(e);
    ++s_->stats->tree_edges;
  }

  void finish_vertex(uint32_t u, const StateGraph&) {
    if (s_->space->record(u).expandable) s_->state_bytes += StateBytes(s_->space->current());
    const uint64_t f = s_->space->frontier_size();
    if (f > s_->stats->peak_frontier) s_->stats->peak_frontier = f;
  }

 private:
  SearchState* s_;
};

Path PathToEdge(const ExploreResult& r, const Hit& hit) {
  Path p = PathTo(r, hit.source);
  p.push_back(r.alphabet[hit.command]);
  return p;
}

// Inline size plus the heap the vectors hold: an estimate of one frontier entry.
uint64_t StateBytes(const model::RegionState& s) {
  uint64_t b = sizeof(model::RegionState);
  b += s.memtable.capacity() + s.live_files.capacity() * sizeof(model::FileMeta) +
       s.staged_files.capacity() * sizeof(model::FileMeta) +
       s.staged_actions.capacity() * sizeof(model::Action);
  for (const auto& a : s.staged_actions)
    b += (a.add.capacity() + a.remove.capacity()) * sizeof(model::FileId);
  if (s.remap_blob) b += s.remap_blob->capacity() * sizeof(model::FileMeta);
  return b;
}

}  // namespace

std::string_view Name(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view Name(RowStatus s) {
  switch (s) {
    case RowStatus::kReached:
      return "reached";
    case RowStatus::kNotWithinDepth:
      return "not within depth";
    case RowStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

uint32_t ShardOf(uint64_t fingerprint, uint32_t count) {
  // The high bits of the product split [0, 2^64) into `count` ranges of equal width.
  return static_cast<uint32_t>((static_cast<unsigned __int128>(fingerprint) * count) >> 64);
}

Path PathTo(const ExploreResult& result, uint32_t vertex) {
  Path p;
  for (uint32_t v = vertex; v != 0; v = result.tree[v].parent)
    p.push_back(result.alphabet[result.tree[v].command]);
  return Path(p.rbegin(), p.rend());
}

ExploreResult Explore(const ExploreOptions& options) {
  ExploreResult result;
  result.config = options.config;
  result.max_depth = options.max_depth;
  result.max_states = options.max_states;
  result.shard = options.shard;
  result.alphabet = options.commands.empty()
                        ? BuildAlphabet(options.alphabet, options.config.contract)
                        : options.commands;
  const std::vector<CoverageRow> rows =
      options.rows.empty() ? DefaultCoverageRows(options.config) : options.rows;
  for (const auto& inv : options.invariants) result.invariants_checked.push_back(inv.name);

  StateSpace space(&result.alphabet, &options.config, &options);
  SearchState s;
  s.options = &options;
  s.alphabet = &result.alphabet;
  s.rows = &rows;
  s.space = &space;
  s.stats = &result.stats;
  s.violation_hits.resize(options.invariants.size());
  s.violation_messages.resize(options.invariants.size());
  s.violation_states.resize(options.invariants.size());
  s.row_hits.resize(rows.size());
  for (size_t i = rows.size(); i-- > 0;) s.rows_open.push_back(i);
  s.pair_hits.resize(static_cast<size_t>(kSituationCount) * model::kOpKindCount);

  const auto start = std::chrono::steady_clock::now();
  model::RegionState root = model::InitialState();
  const uint32_t root_id = space.AddRoot(std::move(root));
  StateGraph graph{&space};
  boost::queue<uint32_t> queue;
  std::string stopped;  // why the search was stopped, if it was
  try {
    boost::breadth_first_visit(graph, root_id, queue, CheckingVisitor(&s),
                               explore_internal::StateColorMap{&space});
  } catch (const StopRequested& e) {
    stopped = e.what();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // Figures.
  ExploreStats& st = result.stats;
  st.states = space.size();
  st.unstored = space.unstored_edges();
  st.seconds = seconds;
  st.states_per_second = seconds > 0 ? st.states / seconds : 0;
  st.edges_per_second = seconds > 0 ? st.edges / seconds : 0;
  st.bytes_per_state = st.states ? static_cast<double>(space.stored_bytes()) / st.states : 0;
  // The mean expanded state's size times the peak count: an estimate, as deeper states are larger.
  st.peak_frontier_bytes = st.expanded ? st.peak_frontier * (s.state_bytes / st.expanded) : 0;
  result.budget_exhausted = space.budget_exhausted();
  result.tree.reserve(space.size());
  for (uint32_t v = 0; v < space.size(); ++v) {
    const auto& r = space.record(v);
    result.tree.push_back({r.parent, r.command, r.depth, r.expandable != 0});
    if (r.depth >= st.states_per_depth.size()) st.states_per_depth.resize(r.depth + 1);
    ++st.states_per_depth[r.depth];
    if (r.depth > st.depth_reached) st.depth_reached = r.depth;
  }
  result.role_edges = s.role_edges;

  // A cut search (budget) or a partial one (one shard) cannot say "not reached".
  const bool partial = result.budget_exhausted || options.shard.count > 1 || !stopped.empty();
  const RowStatus missing = partial ? RowStatus::kUnknown : RowStatus::kNotWithinDepth;

  for (size_t i = 0; i < options.invariants.size(); ++i) {
    if (!s.violation_hits[i]) continue;
    result.violations.push_back({options.invariants[i].name, options.invariants[i].rule,
                                 s.violation_messages[i], PathToEdge(result, *s.violation_hits[i]),
                                 s.violation_states[i]});
  }
  size_t rows_missing = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    RowCoverage rc{rows[i].name, rows[i].group, missing, {}, rows[i].required, rows[i].note};
    if (s.row_hits[i]) {
      rc.status = RowStatus::kReached;
      rc.witness = PathToEdge(result, *s.row_hits[i]);
    } else if (rows[i].required) {
      ++rows_missing;
    }
    result.rows.push_back(std::move(rc));
  }
  for (int sit = 0; sit < kSituationCount; ++sit) {
    for (int kind = 0; kind < model::kOpKindCount; ++kind) {
      PairCoverage pc{sit, kind, missing, {}};
      const auto& hit = s.pair_hits[static_cast<size_t>(sit) * model::kOpKindCount + kind];
      if (hit) {
        pc.status = RowStatus::kReached;
        pc.witness = PathToEdge(result, *hit);
      }
      result.pairs.push_back(std::move(pc));
    }
  }

  if (!result.violations.empty()) {
    result.verdict = Verdict::kFail;
    result.reason = std::to_string(result.violations.size()) +
                    " invariant(s) broken, first: " + result.violations.front().invariant +
                    " at depth " + std::to_string(result.violations.front().path.size());
  } else if (!stopped.empty()) {
    result.verdict = Verdict::kUnknown;
    result.reason =
        "stopped (" + stopped + ") after " + std::to_string(st.expanded) + " expanded states";
  } else if (result.budget_exhausted) {
    result.verdict = Verdict::kUnknown;
    result.reason = "state budget of " + std::to_string(options.max_states) + " exhausted; " +
                    std::to_string(st.unstored) + " edges led to states not stored";
  } else if (options.require_all_rows && rows_missing > 0) {
    result.verdict = partial ? Verdict::kUnknown : Verdict::kFail;
    result.reason = std::to_string(rows_missing) + " coverage row(s) not reached" +
                    (partial ? " by this shard (merge the shards' reports)"
                             : " within depth " + std::to_string(options.max_depth));
  } else if (options.shard.count > 1) {
    result.verdict = Verdict::kUnknown;
    result.reason =
        "one shard of " + std::to_string(options.shard.count) + ": merge the shards' reports";
  } else {
    result.verdict = Verdict::kPass;
    result.reason = "every invariant holds on every edge from every state at depth < " +
                    std::to_string(options.max_depth) +
                    (options.require_all_rows ? ", every row reached" : "");
  }
  return result;
}

}  // namespace hookcheck::properties
