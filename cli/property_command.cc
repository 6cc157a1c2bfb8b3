#include <iostream>
#include <optional>

#include "base/exit_codes.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/self.h"
#include "properties/command_flags.h"
#include "properties/progress.h"
#include "properties/property_runner.h"
#include "properties/run_stop.h"

namespace hookcheck::cli {
namespace {

struct PropertyArgs {
  ContractFlags flags;
  int sequences = properties::kDefaultSequences;
  int max_ops = properties::kDefaultMaxOps;
  std::optional<uint64_t> seed;
};

}  // namespace

int RunPropertyPart(const properties::CheckConfig& config, int sequences, int max_ops,
                    std::optional<uint64_t> seed, std::string* figures) {
  // As a part of `check` (figures wanted) the report is printed only when something failed.
  const bool verbose = figures == nullptr;
  properties::PropertyOptions options;
  options.id = "hookcheck/property";
  options.check = config;
  options.max_success = sequences;
  options.max_ops = max_ops;
  options.seed = seed;
  options.verbose = verbose;
  // `check` replays the corpus as its own first part.
  options.replay_corpus_first = verbose;
  // As its own command: a progress line, and Ctrl-C ends the search with what ran so far.
  properties::RunStop stop;
  std::optional<properties::Progress> progress;
  if (verbose) {
    progress.emplace("property");
    progress->StartPart("generated sequences", "sequences", static_cast<uint64_t>(sequences));
    options.on_sequence = [&](const properties::RunResult&) { progress->Tick(); };
    options.stop = &stop;
    properties::RunStop::InterruptOnSigint(&stop);
  }
  properties::PropertyOutcome outcome = properties::RunSequentialProperty(options);
  properties::RunStop::InterruptOnSigint(nullptr);
  if (progress) progress->Finish();
  if (outcome.verdict == properties::PropertyVerdict::kStopped) {
    std::cout << "UNKNOWN: stopped (" << stop.Reason() << ") after " << outcome.sequences
              << " sequences, " << outcome.ops << " ops, seed " << outcome.seed
              << "; the rest was not checked\n";
  }
  if (!verbose && !outcome.passed()) std::cout << outcome.report;
  if (!outcome.passed()) {
    const std::string flags = properties::CommandFlags(config);
    if (!outcome.reproduce.empty()) {
      std::cout << "reproduce the search: " << outcome.reproduce << " " << Self() << " property"
                << flags << "\n";
    }
    for (const std::string& failure : outcome.corpus_failures) {
      // Each failure starts with the file's path ("<path>:\n<run>" or "<path>:<line>: <error>").
      std::cout << "regression file failed first; reproduce: " << Self() << " replay "
                << failure.substr(0, failure.find(':')) << properties::EngineFlags(config) << "\n";
    }
    if (!outcome.seq_path.empty()) {
      // Under the shrunk schedule when the failure needs one.
      properties::CheckConfig replay = config;
      if (outcome.schedule && !outcome.schedule->schedule_independent) {
        replay.schedule = outcome.schedule->schedule;
      }
      std::cout << "replay the counterexample: " << Self() << " replay " << outcome.seq_path
                << properties::EngineFlags(replay) << "\n";
    }
  }
  if (figures != nullptr) {
    *figures = std::string(properties::Name(outcome.verdict)) + ": " +
               std::to_string(outcome.sequences) + " sequences, " + std::to_string(outcome.ops) +
               " ops, seed " + std::to_string(outcome.seed);
  }
  switch (outcome.verdict) {
    case properties::PropertyVerdict::kPassed:
      return kExitPass;
    case properties::PropertyVerdict::kFailed:
      // A counterexample whose engine run stopped on its budget or on the schedule given is
      // unknown or bad input, not a violation (RunResult::ExitCode).
      return outcome.minimal_run ? outcome.minimal_run->ExitCode() : kExitViolation;
    case properties::PropertyVerdict::kNondeterministic:
      return kExitViolation;
    case properties::PropertyVerdict::kError:
      return kExitBadInput;
    case properties::PropertyVerdict::kStopped:
      return kExitUnknown;
  }
  return kExitBadInput;
}

void RegisterProperty(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<PropertyArgs>();
  CLI::App* cmd = app->add_subcommand("property",
                                      "Generated sequences (RapidCheck) checked step by step; a "
                                      "failure is shrunk, saved as a .seq file and a TEST()");
  args->flags.AddTo(cmd);
  cmd->add_option("--sequences", args->sequences,
                  "sequences to pass (RC_PARAMS max_success overrides)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--max-ops", args->max_ops, "longest sequence (RC_PARAMS max_size overrides)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  cmd->add_option("--seed", args->seed,
                  "RapidCheck seed (default: RC_PARAMS seed, else random; always printed)")
      ->check(WholeNumber(0, UINT64_MAX));
  cmd->callback([args, exit_code] {
    *exit_code = RunPropertyPart(args->flags.ToCheckConfig(), args->sequences, args->max_ops,
                                 args->seed, nullptr);
  });
}

}  // namespace hookcheck::cli
