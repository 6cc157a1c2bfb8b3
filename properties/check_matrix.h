// File: properties/check_matrix.h
// Defines the configuration matrix that `hookcheck check` and `hookcheck conform` cover, and the
// loop that runs it:
//   - `SuitePlan`, how much of each suite one configuration gets;
//   - `MatrixConfigurations`, the default list: every contract version x {real WAL, skip_wal} x
//     {Sync, Async index mode} x {auto compaction off, on at kMatrixAutoCompactThreshold};
//   - `PlanMatrix` (the default: the upstream default configuration gets the full suites, the
//     others share a budget) and `PinnedMatrix` (one configuration, the full suites);
//   - `RunMatrix`, the per-configuration loop: a caller's runner (the reference engine for
//     `check`, an engine process for `conform`) runs each configuration's parts;
//   - `FormatMatrixSummary` and `MatrixSummaryJson`, which name every configuration, its plan
//     (the replay depth it got) and its verdict. A configuration not run is UNKNOWN, never PASS.
// Thread-safety: pure functions; RunMatrix calls the runner on the calling thread only.
#ifndef HOOKCHECK_PROPERTIES_CHECK_MATRIX_H_
#define HOOKCHECK_PROPERTIES_CHECK_MATRIX_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "model/config.h"
#include "properties/check_summary.h"
#include "properties/property_runner.h"
#include "properties/run_stop.h"

namespace hookcheck::properties {

// The threshold of the matrix's "auto compaction on": the lowest (a flush or an edit leaving 2 live
// files compacts), so a depth-2 replay reaches a compaction and what follows it: at 4, the replay
// passes compaction_not_rescheduled, at 2 it catches it (engine::ConfigThatShows uses 2 too).
inline constexpr uint8_t kMatrixAutoCompactThreshold = 2;

// How much of each suite one configuration gets. A depth or count of 0 skips that suite.
struct SuitePlan {
  // The full suites: the regression corpus and the named scenarios run (they carry their own
  // configurations, so a run checks them once, with this entry), and the model exploration must
  // reach every coverage row. Default: false.
  bool full = false;
  // Generated sequences (RapidCheck) and their longest length, in commands.
  int sequences = 0;
  int max_ops = kDefaultMaxOps;
  // Model exploration depth (invariants at every edge). Default: 0 (skipped).
  int explore_depth = 0;
  // Exhaustive replay: a shortest path to every model edge to this depth, run on the engine.
  int replay_depth = 0;

  friend bool operator==(const SuitePlan&, const SuitePlan&) = default;
};

// "corpus, scenarios, 1000 sequences, explore depth 5, replay depth 3".
std::string Describe(const SuitePlan& plan);

// The share of each other configuration, from the upstream default's `full` plan: a hundredth of
// its sequences (at least 1) and exploration to depth min(3, full); the exhaustive replay, which
// is deterministic and what catches the seeded bugs of those paths (the matrix test), to depth
// min(2, full) for a `neighbour` (one axis away from the upstream default: the async index, the
// skip_wal, the auto-compaction configuration and each later contract's defaults, 7 of the 39)
// and min(1, full) for the rest. Measured (docs/configuration.md): the replay costs most, 0.4 s a
// configuration at depth 2 and 0.03 s at depth 1, so the other 39 add about a third of what the
// upstream default's own suites cost.
SuitePlan SharedPlan(const SuitePlan& full, bool neighbour);

// Whether `config` is one axis (contract, WAL, index mode, auto compaction on) away from `base`.
bool OneAxisAway(const model::ModelConfig& config, const model::ModelConfig& base);

// Every contract version in `contracts` (all when empty), in version order, x skip_wal {0, 1} x
// index mode {sync, async} x auto compaction {0, kMatrixAutoCompactThreshold}; the other fields
// at their defaults. The first is the upstream default when seed is among the contracts.
std::vector<model::ModelConfig> MatrixConfigurations(
    std::span<const model::ContractVersion> contracts);

struct MatrixEntry {
  model::ModelConfig config;
  SuitePlan plan;
};

// The default matrix: the first configuration (the upstream default, or the first selected
// contract's defaults) gets `full`, every other its SharedPlan (a neighbour iff OneAxisAway).
std::vector<MatrixEntry> PlanMatrix(std::span<const model::ContractVersion> contracts,
                                    const SuitePlan& full);
// "40 configurations (contracts seed, v2, v3, v4, v5 x real WAL/skip_wal x sync/async index x
// auto compaction off/4)", or the one configuration's @config words when there is one.
std::string DescribeMatrix(const std::vector<MatrixEntry>& matrix);

// `--config`: `config` alone, with `full` (exactly the single-configuration run).
std::vector<MatrixEntry> PinnedMatrix(const model::ModelConfig& config, const SuitePlan& full);

struct ConfigResult {
  MatrixEntry entry;
  bool ran = false;
  std::string not_run;            // why it did not run ("stopped: time limit 30 s"), iff !ran
  std::vector<PartResult> parts;  // what the runner returned, iff ran
  int exit_code = kExitUnknown;   // the worst of `parts`; kExitUnknown when not run
  double seconds = 0;
};

// Runs one configuration's parts.
using ConfigRunner = std::function<std::vector<PartResult>(const MatrixEntry&)>;

// Runs `matrix` in order. Before each entry `stop` (when set) is checked: once stopped, that entry
// and the rest are not run (unknown). An entry whose runner returns no part counts as unknown.
std::vector<ConfigResult> RunMatrix(const std::vector<MatrixEntry>& matrix,
                                    const ConfigRunner& runner, const RunStop* stop);

// The exit code of the whole run: the worst over the configurations.
int MatrixExitCode(const std::vector<ConfigResult>& results);

// One line per configuration, "  PASS    contract=v3 auto_compact_threshold=4 ... | 25 sequences,
// explore depth 3, replay depth 2 (0.4s)", after a header naming how many ran; for each that did
// not pass, its parts and the command that re-runs it alone: `rerun` (e.g. "hookcheck check
// --mutant hook_on_gc") followed by --config "...".
std::string FormatMatrixSummary(const std::vector<ConfigResult>& results, const std::string& rerun);

// [{"config", "verdict", "exit_code", "ran", "not_run", "plan": {"full", "sequences", "max_ops",
// "explore_depth", "replay_depth"}, "parts": [...], "seconds"}], in matrix order.
nlohmann::json MatrixSummaryJson(const std::vector<ConfigResult>& results);

// The whole run for machines: {"exit_code": the worst, "parts": the first configuration's parts
// (the upstream default's, or the pinned one's: the single-configuration summary), "configurations":
// MatrixSummaryJson}.
nlohmann::json MatrixRunJson(const std::vector<ConfigResult>& results);

// The parts as JUnit test cases (name, verdict, message) for ConformanceReport::ToJUnit: each
// named after its configuration when the run covers more than one; a configuration not run is
// one unknown case (a skipped test), never a pass.
std::vector<std::tuple<std::string, std::string, std::string>> MatrixJUnitCases(
    const std::vector<ConfigResult>& results);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_CHECK_MATRIX_H_
