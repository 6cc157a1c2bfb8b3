// `hookcheck check`: the suites on the reference engine, on every configuration of the matrix
// (properties/check_matrix.h) with the budget shared, or on the one `--config` pins. The flags
// become a plan; properties::RunMatrix runs it with CheckEntry, the parts on RefEngine.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "base/exit_codes.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/matrix_flags.h"
#include "cli/self.h"
#include "model/op_text.h"
#include "properties/check_matrix.h"
#include "properties/check_summary.h"
#include "properties/command_flags.h"
#include "properties/explorer.h"
#include "properties/explorer_conformance.h"
#include "properties/property_corpus.h"
#include "properties/run_stop.h"
#include "properties/sequential_runner.h"

namespace hookcheck::cli {
namespace {

struct CheckArgs {
  ContractFlags flags;
  MatrixFlags matrix;
  std::string corpus;
  int depth = 5;
  int replay_depth = 3;
  int sequences = 1000;
  int max_ops = 100;
  std::optional<uint64_t> seed;
  bool json = false;
  double time_limit_seconds = 0;  // checked between configurations; 0: none
  // Engines replaying at once in the exhaustive replay: the verdict is the same for any count.
  int jobs = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));

  // What the upstream default configuration (or a pinned one) gets.
  properties::SuitePlan Full() const {
    return {.full = true,
            .sequences = sequences,
            .max_ops = max_ops,
            .explore_depth = depth,
            .replay_depth = replay_depth};
  }
};

class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

properties::PartResult CheckCorpus(const std::string& dir, const properties::CheckConfig& engine) {
  Stopwatch watch;
  properties::PartResult part{"regression corpus", "", kExitPass};
  int passed = 0, failed = 0, unreadable = 0;
  for (const properties::CorpusReplay& replay : properties::ReplayCorpus(dir, engine)) {
    if (replay.ok()) {
      ++passed;
    } else if (!replay.error.empty()) {
      ++unreadable;
      std::cout << "corpus: " << replay.error << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << replay.Describe() << "reproduce: " << Self() << " replay "
                << replay.path << properties::EngineFlags(engine) << "\n";
    }
  }
  part.figures = std::to_string(passed) + "/" + std::to_string(passed + failed) +
                 " sequences conform (" + dir + ")";
  if (unreadable) {
    part.figures += ", " + std::to_string(unreadable) + " unreadable";
    part.exit_code = kExitBadInput;
  }
  if (failed) part.exit_code = kExitViolation;
  part.seconds = watch.Seconds();
  return part;
}

properties::PartResult CheckScenarios(const properties::CheckConfig& config) {
  Stopwatch watch;
  properties::PartResult part{"named scenarios", "", kExitPass};
  const ScenarioTally tally = RunScenarioSuite(config, "");
  part.figures = std::to_string(tally.passed) + "/" + std::to_string(tally.passed + tally.failed) +
                 " conform (model and spec literals)";
  if (tally.failed) part.exit_code = kExitViolation;
  part.seconds = watch.Seconds();
  return part;
}

// `require_all_rows`: the full suites; a configuration's share explores too shallow for every row.
properties::PartResult CheckExploration(const properties::CheckConfig& config, int depth,
                                        bool require_all_rows) {
  Stopwatch watch;
  properties::PartResult part{"model exploration", "", kExitPass};
  properties::ExploreOptions options;
  options.config = config.model;
  options.max_depth = depth;
  options.require_all_rows = require_all_rows;
  properties::ExploreResult result = properties::Explore(options);
  if (result.verdict != properties::Verdict::kPass) std::cout << properties::FormatReport(result);
  part.figures = std::string(properties::Name(result.verdict)) + ": depth " +
                 std::to_string(depth) + ", " + std::to_string(result.stats.states) + " states, " +
                 std::to_string(result.stats.edges) +
                 " edges, invariants and coverage rows checked";
  part.exit_code = ExitCodeOf(result.verdict);
  if (result.verdict == properties::Verdict::kUnknown)
    std::cout << "exploration: " << result.reason << "\n";
  // A known upstream defect is what a faithful engine does, so it never fails the check; it is
  // shown with its shortest reproduction so the engine's owners can see it.
  // Printed for the full suites only: each configuration's exploration reaches the same defect.
  for (const properties::RowCoverage& row : result.rows) {
    if (!require_all_rows) break;
    if (row.group != "upstream defect" || row.status != properties::RowStatus::kReached) continue;
    std::cout << "upstream defect: " << row.name << "; shortest reproduction ("
              << row.witness.size() << " ops): " << Self() << " replay --ops \""
              << model::FormatInline(row.witness) << "\""
              << properties::CommandFlags({.model = config.model}) << "\n";
  }
  part.seconds = watch.Seconds();
  return part;
}

properties::PartResult CheckExhaustiveConformance(const properties::CheckConfig& config, int depth,
                                                  int jobs) {
  Stopwatch watch;
  properties::PartResult part{"exhaustive replay", "", kExitPass};
  properties::ConformanceOptions options;
  options.jobs = jobs;
  options.explore.config = config.model;
  options.explore.max_depth = depth;
  options.explore.require_all_rows = false;
  properties::ConformanceResult result =
      properties::CheckConformance(properties::RefEngineFactory(config), options);
  if (result.verdict != properties::Verdict::kPass) PrintConformance(result, config);
  part.figures = std::string(properties::Name(result.verdict)) + ": every edge to depth " +
                 std::to_string(depth) + " replayed, " + std::to_string(result.sequences) +
                 " sequences, " + std::to_string(result.steps) + " steps";
  part.exit_code = ExitCodeOf(result.verdict);
  part.seconds = watch.Seconds();
  return part;
}

// The parts of one configuration of the matrix, on the reference engine with `engine`'s mutant,
// runtime and schedule.
std::vector<properties::PartResult> CheckEntry(const CheckArgs& args,
                                               const properties::MatrixEntry& entry,
                                               const properties::CheckConfig& engine) {
  properties::CheckConfig config = engine;
  config.model = entry.config;
  const properties::SuitePlan& plan = entry.plan;
  std::vector<properties::PartResult> parts;
  if (plan.full) {
    parts.push_back(
        CheckCorpus(args.corpus.empty() ? properties::CorpusDirectory() : args.corpus, config));
    parts.push_back(CheckScenarios(config));
  }
  if (plan.sequences > 0) {
    Stopwatch watch;
    properties::PartResult part{"generated sequences", "", kExitPass};
    part.exit_code =
        RunPropertyPart(config, plan.sequences, plan.max_ops, args.seed, &part.figures);
    part.seconds = watch.Seconds();
    parts.push_back(part);
  }
  if (plan.explore_depth > 0)
    parts.push_back(CheckExploration(config, plan.explore_depth, plan.full));
  if (plan.replay_depth > 0)
    parts.push_back(CheckExhaustiveConformance(config, plan.replay_depth, args.jobs));
  return parts;
}

int RunCheck(const CheckArgs& args, const CLI::App& cmd) {
  const properties::CheckConfig flags = args.flags.ToCheckConfig();
  const std::vector<properties::MatrixEntry> matrix =
      PlanFromFlags(args.matrix, cmd, flags.model, args.Full());
  std::cout << "hookcheck check: " << properties::DescribeMatrix(matrix) << ", engine ref"
            << (flags.mutant == engine::Mutant::kNone
                    ? ""
                    : "+" + std::string(engine::Name(flags.mutant)))
            << " on the " << engine::Name(flags.runtime) << " runtime"
            << (flags.runtime == engine::RuntimeKind::kDeterministic
                    ? " (schedule " + runtime::FormatStrategy(flags.schedule) + ")"
                    : "")
            << "\n";
  properties::RunStop stop;
  if (args.time_limit_seconds > 0) stop.SetTimeLimit(args.time_limit_seconds);
  const std::vector<properties::ConfigResult> results = properties::RunMatrix(
      matrix,
      [&](const properties::MatrixEntry& entry) {
        if (matrix.size() > 1)
          std::cout << "configuration " << model::FormatConfigWords(entry.config) << "\n";
        return CheckEntry(args, entry, flags);
      },
      &stop);

  std::cout << "\nsummary\n";
  properties::PrintSummary(results.front().parts);
  std::cout << properties::FormatMatrixSummary(results,
                                               Self() + " check" + properties::EngineFlags(flags));
  const int exit_code = properties::MatrixExitCode(results);
  if (args.json) std::cout << properties::MatrixRunJson(results).dump() << "\n";
  return exit_code;
}

}  // namespace

void RegisterCheck(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app->add_subcommand("check",
                                      "The main check, on every configuration by default (contract "
                                      "versions x real WAL/skip_wal x Sync/Async "
                                      "index mode x auto compaction off/on): regression corpus, "
                                      "named scenarios, generated sequences, bounded "
                                      "exploration and exhaustive replay for the upstream default; "
                                      "a shared budget of sequences, exploration and "
                                      "replay for each other configuration; --config pins one");
  args->flags.AddTo(cmd);
  args->matrix.AddTo(cmd,
                     "restrict the matrix's contract axis to these versions (seed/v1 v2 v3 v4 v5; "
                     "default: all)");
  cmd->add_option("--corpus", args->corpus,
                  "the regression corpus directory (default: the source tree's)");
  cmd->add_option("--depth", args->depth, "exploration depth of the upstream default (1..16)")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  cmd->add_option("--replay-depth", args->replay_depth,
                  "replay a shortest path to every explored edge up to this depth on the engine "
                  "(the upstream default; "
                  "each configuration one axis away gets at most 2, the others at most 1)")
      ->capture_default_str()
      ->check(CLI::Range(0, 8));
  cmd->add_option("--sequences", args->sequences,
                  "generated sequences of the upstream default (RapidCheck; "
                  "RC_PARAMS max_success overrides); each other configuration gets a hundredth")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--max-ops", args->max_ops, "longest generated sequence")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  cmd->add_option("--seed", args->seed, "RapidCheck seed (default: random, printed)")
      ->check(WholeNumber(0, UINT64_MAX));
  cmd->add_option("-j,--jobs", args->jobs,
                  "engines replaying at once in the exhaustive replay (default: 2, or 1 on "
                  "one core)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--time-limit", args->time_limit_seconds,
                  "seconds the run may take, checked before each configuration: the configurations "
                  "not started "
                  "are reported unknown (exit 3), never pass")
      ->check(CLI::Range(0.001, 1e9));
  cmd->add_flag("--json", args->json, "also print the summary as one line of JSON, last");
  cmd->callback([args, exit_code, cmd] { *exit_code = RunCheck(*args, *cmd); });
}

}  // namespace hookcheck::cli
