#include <chrono>
#include <iostream>

#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/check_parts.h"
#include "cli/exit_codes.h"
#include "cli/self.h"
#include "model/op_text.h"
#include "properties/explorer.h"
#include "properties/explorer_conformance.h"
#include "properties/sequential_runner.h"
#include "properties/property_corpus.h"

namespace hookcheck::cli {
namespace {

struct CheckArgs {
  ContractFlags flags;
  std::string corpus;
  int depth = 5;
  int replay_depth = 2;
  int sequences = 1000;
  int max_ops = 100;
  std::optional<uint64_t> seed;
  bool json = false;
};


class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

PartResult CheckCorpus(const std::string& dir, engine::Mutant mutant) {
  Stopwatch watch;
  PartResult part{"regression corpus", "", kExitPass};
  int passed = 0, failed = 0, unreadable = 0;
  for (const properties::CorpusReplay& replay : properties::ReplayCorpus(dir, mutant)) {
    if (replay.ok()) {
      ++passed;
    } else if (!replay.error.empty()) {
      ++unreadable;
      std::cout << "corpus: " << replay.error << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << replay.Describe() << "reproduce: " << Self() << " replay " << replay.path
                << ContractFlags::FlagsFor({.mutant = mutant}) << "\n";
    }
  }
  part.figures = std::to_string(passed) + "/" + std::to_string(passed + failed) + " sequences conform (" + dir + ")";
  if (unreadable) {
    part.figures += ", " + std::to_string(unreadable) + " unreadable";
    part.exit_code = kExitBadInput;
  }
  if (failed) part.exit_code = kExitViolation;
  part.seconds = watch.Seconds();
  return part;
}

PartResult CheckScenarios(const properties::CheckConfig& config) {
  Stopwatch watch;
  PartResult part{"named scenarios", "", kExitPass};
  const ScenarioTally tally = RunScenarioSuite(config.mutant, "");
  part.figures = std::to_string(tally.passed) + "/" + std::to_string(tally.passed + tally.failed) +
                 " conform (model and spec literals)";
  if (tally.failed) part.exit_code = kExitViolation;
  part.seconds = watch.Seconds();
  return part;
}

PartResult CheckExploration(const properties::CheckConfig& config, int depth) {
  Stopwatch watch;
  PartResult part{"model exploration", "", kExitPass};
  properties::ExploreOptions options;
  options.config = config.model;
  options.max_depth = depth;
  properties::ExploreResult result = properties::Explore(options);
  if (result.verdict != properties::Verdict::kPass) std::cout << properties::FormatReport(result);
  part.figures = std::string(properties::Name(result.verdict)) + ": depth " + std::to_string(depth) + ", " +
                 std::to_string(result.stats.states) + " states, " + std::to_string(result.stats.edges) +
                 " edges, invariants and coverage rows checked";
  part.exit_code = ExitCodeOf(result.verdict);
  if (result.verdict == properties::Verdict::kUnknown) std::cout << "exploration: " << result.reason << "\n";
  // A known upstream defect is what a faithful engine does, so it never fails the check; it is
  // shown with its shortest reproduction so the engine's owners can see it.
  for (const properties::RowCoverage& row : result.rows) {
    if (row.group != "upstream defect" || row.status != properties::RowStatus::kReached) continue;
    std::cout << "upstream defect: " << row.name << "; shortest reproduction (" << row.witness.size()
              << " ops): " << Self() << " replay --ops \"" << model::FormatInline(row.witness) << "\""
              << ContractFlags::FlagsFor({.model = config.model}) << "\n";
  }
  part.seconds = watch.Seconds();
  return part;
}

PartResult CheckExhaustiveConformance(const properties::CheckConfig& config, int depth) {
  Stopwatch watch;
  PartResult part{"exhaustive replay", "", kExitPass};
  properties::ConformanceOptions options;
  options.explore.config = config.model;
  options.explore.max_depth = depth;
  options.explore.require_all_rows = false;
  properties::ConformanceResult result = properties::CheckConformance(properties::RefEngineFactory(config), options);
  if (result.verdict != properties::Verdict::kPass) PrintConformance(result, config);
  part.figures = std::string(properties::Name(result.verdict)) + ": every edge to depth " + std::to_string(depth) +
                 " replayed, " + std::to_string(result.sequences) + " sequences, " + std::to_string(result.steps) +
                 " steps";
  part.exit_code = ExitCodeOf(result.verdict);
  part.seconds = watch.Seconds();
  return part;
}

int RunCheck(const CheckArgs& args) {
  properties::CheckConfig config = args.flags.ToCheckConfig();
  std::cout << "hookcheck check: contract " << model::Name(config.model.contract) << ", engine ref"
            << (config.mutant == engine::Mutant::kNone ? "" : "+" + std::string(engine::Name(config.mutant)))
            << ContractFlags::FlagsFor({.model = config.model}) << "\n";
  std::vector<PartResult> parts;
  parts.push_back(CheckCorpus(args.corpus.empty() ? properties::CorpusDirectory() : args.corpus, config.mutant));
  parts.push_back(CheckScenarios(config));
  {
    Stopwatch watch;
    PartResult part{"generated sequences", "", kExitPass};
    part.exit_code = RunPropertyPart(config, args.sequences, args.max_ops, args.seed, &part.figures);
    part.seconds = watch.Seconds();
    parts.push_back(part);
  }
  parts.push_back(CheckExploration(config, args.depth));
  parts.push_back(CheckExhaustiveConformance(config, args.replay_depth));

  std::cout << "\nsummary\n";
  const int exit_code = PrintSummary(parts);
  if (args.json) std::cout << SummaryJson(parts) << "\n";
  return exit_code;
}

}  // namespace

void RegisterCheck(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app->add_subcommand(
      "check", "The main check: regression corpus, named scenarios, generated sequences and bounded exploration");
  args->flags.AddTo(cmd);
  cmd->add_option("--corpus", args->corpus, "the regression corpus directory (default: the source tree's)");
  cmd->add_option("--depth", args->depth, "exploration depth (1..16)")->capture_default_str()->check(CLI::Range(1, 16));
  cmd->add_option("--replay-depth", args->replay_depth,
                  "replay a shortest path to every explored edge up to this depth on the engine")
      ->capture_default_str()->check(CLI::Range(0, 8));
  cmd->add_option("--sequences", args->sequences, "generated sequences (RapidCheck; RC_PARAMS max_success overrides)")
      ->capture_default_str()->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--max-ops", args->max_ops, "longest generated sequence")->capture_default_str()->check(CLI::Range(1, 100'000));
  cmd->add_option("--seed", args->seed, "RapidCheck seed (default: random, printed)")->check(WholeNumber(0, UINT64_MAX));
  cmd->add_flag("--json", args->json, "also print the summary as one line of JSON, last");
  cmd->callback([args, exit_code] { *exit_code = RunCheck(*args); });
}

}  // namespace hookcheck::cli
