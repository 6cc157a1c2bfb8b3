// File: properties/explorer.h
// Defines `Explore`, the bounded exhaustive model checker: a breadth-first search over model
// states from model::InitialState() with a bounded command alphabet, 64-bit fingerprints for
// de-duplication, a depth bound and a state budget. On every edge it evaluates the invariant
// table (explorer_invariants.h) and the coverage rows (explorer_coverage.h), and it keeps the
// shortest path to every violation, (situation, op kind) pair and row.
//
// The search is Boost.Graph's breadth_first_visit over an implicit graph whose out-edges are
// computed by model::Step (properties/internal/explore_state_space.h). Visited states are stored
// compactly (fingerprint + parent edge, see docs/explorer.md); full RegionStates are kept only
// for the frontier. Because BFS examines edges in order of source depth, the first path found to
// anything is a shortest one.
//
// A fingerprint collision (two distinct states, one 64-bit fingerprint) would hide one of them;
// with N states its probability is about N^2 / 2^65 (1e-7 at 2M states). Reports say so.
//
// Thread-safety: Explore is reentrant; results are immutable values.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/op.h"
#include "properties/explorer_alphabet.h"
#include "properties/explorer_coverage.h"
#include "properties/explorer_invariants.h"
#include "properties/run_stop.h"

namespace hookcheck::properties {

// Three-valued on purpose: a cut exploration never passes.
enum class Verdict : uint8_t { kPass, kFail, kUnknown };
std::string_view Name(Verdict v);  // "pass", "fail", "unknown"

// Which part of the search one CI runner does (docs/explorer.md "Sharding"). Every shard expands
// every state shallower than `split_depth`; a state at `split_depth` is expanded only by the shard
// owning its fingerprint range; deeper states by whichever shard reached them.
struct Shard {
  uint32_t index = 0;  // 0..count-1
  uint32_t count = 1;
  // Default: 2. Range: 1..max_depth. Small keeps the redundant prefix cheap; large balances better.
  int split_depth = 2;
};
// The shard owning `fingerprint`: fingerprint ranges of equal width.
uint32_t ShardOf(uint64_t fingerprint, uint32_t count);

struct ExploreOptions {
  model::ModelConfig config;
  AlphabetOptions alphabet;
  // When non-empty, replaces BuildAlphabet(alphabet). At most 255 commands.
  std::vector<model::Command> commands;
  // Edges are followed from states at depth < max_depth. Default: 4.
  int max_depth = 4;
  // Distinct states stored, the root included. An edge to a new state past the budget is still
  // checked but its target is not stored, and the verdict becomes unknown. Default: 20M.
  uint64_t max_states = 20'000'000;
  // When set, checked every kProgressEvery expanded states: once stopped, the search ends and the
  // verdict is unknown (a violation found first still fails it). Default: none.
  const RunStop* stop = nullptr;
  // Called every kProgressEvery expanded states, for a progress line. Default: none.
  std::function<void(uint64_t expanded)> on_progress;
  // The invariants checked on every edge. Default: DefaultInvariants().
  std::vector<Invariant> invariants = DefaultInvariants();
  // The rows to reach. Empty: DefaultCoverageRows(config).
  std::vector<CoverageRow> rows;
  // An unreached row fails a complete exploration (unknown when cut or sharded). Default: true.
  bool require_all_rows = true;
  Shard shard;
};

// Shortest known command sequence from InitialState() reaching something.
using Path = std::vector<model::Command>;

struct Violation {
  std::string invariant;  // Invariant::name
  std::string rule;
  std::string message;  // what the predicate said
  Path path;            // the last command is the violating edge
  std::string state;    // model::ToString of the state the last command starts from
};

enum class RowStatus : uint8_t { kReached, kNotWithinDepth, kUnknown };
std::string_view Name(RowStatus s);  // "reached", "not within depth", "unknown"

struct RowCoverage {
  std::string name;
  std::string group;
  RowStatus status = RowStatus::kUnknown;
  Path witness;  // set iff reached
  bool required = true;
  std::string note;  // why an optional row is unreachable
};

// One (situation, op kind) pair: an op of that kind was started in that situation.
struct PairCoverage {
  int situation = 0;  // SituationOf
  int op_kind = 0;    // model::Op variant index
  RowStatus status = RowStatus::kUnknown;
  Path witness;
};

struct ExploreStats {
  uint64_t states = 0;      // distinct states stored (root included)
  uint64_t edges = 0;       // (state, command) pairs examined, every one checked
  uint64_t tree_edges = 0;  // edges that discovered a state
  uint64_t self_loops = 0;  // edges back to their own state (refusals, no-ops)
  uint64_t unstored = 0;    // edges to a new state past the budget
  int depth_reached = 0;    // deepest stored state
  std::vector<uint64_t> states_per_depth;
  uint64_t expanded = 0;  // states whose out-edges were followed
  double seconds = 0;
  double states_per_second = 0;
  double edges_per_second = 0;
  // Visited-set storage (fingerprint, parent edge, hash slot, color) over states, capacity included.
  double bytes_per_state = 0;
  uint64_t peak_frontier = 0;        // RegionStates held at once
  uint64_t peak_frontier_bytes = 0;  // their estimated heap + inline size
};

struct ExploreResult {
  Verdict verdict = Verdict::kUnknown;
  std::string reason;  // one line: why this verdict
  bool budget_exhausted = false;
  ExploreStats stats;
  int max_depth = 0;
  uint64_t max_states = 0;
  Shard shard;
  model::ModelConfig config;
  std::vector<model::Command> alphabet;
  std::vector<Violation> violations;  // the first (shortest) per broken invariant, in table order
  std::vector<std::string> invariants_checked;
  std::vector<RowCoverage> rows;
  std::vector<PairCoverage> pairs;  // kSituationCount x kOpKindCount, situation-major
  // role_edges[from][to]: bit k set iff an op of kind k led from situation `from` to `to`.
  std::array<std::array<uint32_t, kSituationCount>, kSituationCount> role_edges{};

  // The explored shortest-path tree, vertex 0 the root, in BFS order: parent and the alphabet
  // index of the command leading to each state. Lets callers (the conformance replay) rebuild the
  // shortest path to any state or edge without re-running the search.
  struct TreeNode {
    uint32_t parent = 0;
    uint8_t command = 0;
    uint8_t depth = 0;
    bool expanded = false;  // its out-edges were followed
  };
  std::vector<TreeNode> tree;
};

ExploreResult Explore(const ExploreOptions& options);

// The commands from the root to `vertex` of result.tree.
Path PathTo(const ExploreResult& result, uint32_t vertex);

// One command per line; "(empty)" for the root.
std::string FormatPath(const Path& path);
// The text report: verdict, figures, violations with their paths, rows, the pair matrix.
std::string FormatReport(const ExploreResult& result);
nlohmann::json ToJson(const ExploreResult& result);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_H_
