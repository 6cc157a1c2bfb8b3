// `hookcheck conform --engine-cmd CMD | --engine-lib PATH`: the checks of `hookcheck check`, run
// against an engine in another process (engine/process_engine.h, docs/process-protocol.md) or in
// a shared library loaded into this one (engine/shared_library_engine.h, docs/c-abi.md): one
// engine per sequence for a protocol 1 process, one per job for a protocol 2 process or a
// library (reset), `-j N` jobs at once: the regression corpus, the named scenarios, generated
// sequences and the exhaustive replay, on every configuration of the matrix
// (properties/check_matrix.h; --config pins one).
// An engine that crashes, hangs or replies malformed data stops the run with exit code 4, its
// one-line error and the sequence that broke it.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <tuple>

#include "base/exit_codes.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/matrix_flags.h"
#include "cli/self.h"
#include "engine/external_engine.h"
#include "engine/process_engine.h"
#include "engine/process_protocol.h"
#include "model/op_text.h"
#include "properties/check_matrix.h"
#include "properties/check_summary.h"
#include "properties/command_flags.h"
#include "properties/conformance_report.h"
#include "properties/explorer_conformance.h"
#include "properties/external_engine_factory.h"
#include "properties/external_engine_pool.h"
#include "properties/parallel_for.h"
#include "properties/progress.h"
#include "properties/property_corpus.h"
#include "properties/property_runner.h"
#include "properties/run_stop.h"
#include "properties/sequential_runner.h"
#include "scenarios/scenario.h"

namespace hookcheck::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct ConformArgs {
  ContractFlags flags;
  properties::ExternalEngineSpec
      engine;  // --engine-cmd or --engine-lib, with --timeout, --protocol
  std::string corpus;
  int sequences = properties::kDefaultSequences;
  int max_ops = properties::kDefaultMaxOps;
  int depth = 2;
  bool scenarios_only = false;
  std::optional<uint64_t> seed;
  int jobs = 1;                   // engine processes at once
  double time_limit_seconds = 0;  // the whole run; 0: none
  bool json = false;              // the summary and the conformance report as JSON on stdout
  std::string junit;              // where to write the report as JUnit XML, when set
  // --config and --contracts. The contract versions the engine implements: the matrix covers
  // those, and the corpus files and scenarios of other versions are skipped and counted as such
  // (never as passed). Empty: every version.
  MatrixFlags matrix;
};

// Whether `config` is one the engine under check implements (ConformArgs::contracts).
bool Selected(const ConformArgs& args, const model::ModelConfig& config) {
  if (args.matrix.contracts.empty()) return true;
  for (const std::string& name : args.matrix.contracts) {
    if (model::ParseContractVersion(name) == config.contract) return true;
  }
  return false;
}

// The engines of a run and the report their checked steps add up to.
class Conformance : public properties::ExternalEnginePool {
 public:
  Conformance(const properties::ExternalEngineSpec& spec, const properties::RunStop* stop,
              properties::Progress* progress, properties::ConformanceReport* report)
      : ExternalEnginePool(spec, stop, progress), report_(report) {}
  properties::ConformanceReport& report() { return *report_; }

 private:
  properties::ConformanceReport* const report_;
};

// The replay command that runs `commands` on `config` on the engine under check again.
std::string ReplayCommand(const Conformance& conformance,
                          const std::vector<model::Command>& commands,
                          const model::ModelConfig& config) {
  return Self() + " replay --ops \"" + model::FormatInline(commands) + "\"" +
         conformance.EngineFlags() + properties::CommandFlags({.model = config});
}

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs `body` as one part; an engine break becomes exit code 4 with the break's line.
// A stop (Ctrl-C, --time-limit) the part did not handle itself makes it unknown.
template <typename F>
properties::PartResult RunPart(const std::string& name, Conformance& conformance, F&& body) {
  const Clock::time_point start = Clock::now();
  properties::PartResult part{name, "", kExitPass};
  try {
    body(&part);
  } catch (const properties::StopRequested& e) {
    part.exit_code = kExitUnknown;
    part.figures = std::string("unknown: stopped (") + e.what() + ")";
  } catch (const engine::EngineBroke& e) {
    part.exit_code = kExitEngineBroke;
    part.figures = std::string("engine broke (") + std::string(engine::Name(e.state())) + ")";
    const properties::Breakage& b = conformance.breakage();
    std::cout << "ENGINE BROKE: " << (b.happened ? b.error : e.what()) << "\n";
    if (b.happened && !b.submitted.empty()) {
      std::cout << "reproduce: " << ReplayCommand(conformance, b.submitted, b.config) << "\n";
    }
  }
  part.seconds = Since(start);
  return part;
}

// What one sequence of a part came to: passed, failed with a report, or not run (stopped).
struct Outcome {
  bool passed = false;
  std::string report;
  bool ran = true;
};

struct Tally {
  int passed = 0, failed = 0, not_run = 0;
};

// Runs `check(i)` for i < n on args.jobs engines at once, then prints the failure reports in index
// order (the order of -j 1). A sequence the stop cut off counts as not run; the failures found
// before it are kept.
Tally RunAll(size_t n, const ConformArgs& args, const std::function<Outcome(size_t)>& check) {
  std::vector<Outcome> outcomes(n);
  properties::ParallelFor(n, args.jobs, [&](size_t i) {
    try {
      outcomes[i] = check(i);
    } catch (const properties::StopRequested&) {
      outcomes[i] = {false, "", false};
    }
  });
  Tally t;
  for (const Outcome& o : outcomes) {
    (!o.ran ? t.not_run : o.passed ? t.passed : t.failed)++;
    std::cout << o.report;
  }
  return t;
}

// The part's figures and exit code from its tally: a failure outranks what was not run.
void Finish(const Tally& t, size_t total, const std::string& what, const Conformance& conformance,
            properties::PartResult* part) {
  part->figures = std::to_string(t.passed) + "/" + std::to_string(total) + " " + what;
  if (t.not_run) {
    part->figures += ", " + std::to_string(t.not_run) +
                     " not run (stopped: " + conformance.stop().Reason() + ")";
    part->exit_code = kExitUnknown;
  }
  if (t.failed) part->exit_code = kExitViolation;
}

void CheckCorpus(const std::string& dir, const ConformArgs& args, Conformance& conformance,
                 properties::PartResult* part) {
  int unreadable = 0, skipped = 0;
  std::vector<properties::CorpusEntry> entries;
  for (properties::CorpusEntry& entry : properties::LoadCorpus(dir)) {
    if (!entry.sequence) {
      ++unreadable;
      std::cout << "corpus: " << entry.error << "\n";
      continue;
    }
    if (!Selected(args, entry.sequence->config)) {
      ++skipped;
      continue;
    }
    entries.push_back(std::move(entry));
  }
  if (skipped)
    std::cout << "corpus: " << skipped
              << " file(s) of contract versions not selected (--contracts), not checked\n";
  conformance.progress().StartPart("regression corpus", "sequences", entries.size());
  const Tally t = RunAll(entries.size(), args, [&](size_t i) -> Outcome {
    const properties::CorpusEntry& entry = entries[i];
    auto engine = conformance.Factory(entry.sequence->config)();
    properties::RunResult run =
        properties::RunSequence(engine.get(), entry.sequence->config, entry.sequence->commands);
    conformance.report().Add(entry.sequence->config, run);
    std::string golden;
    for (const std::string& p : entry.golden_problems)
      golden += "golden: " + entry.path + ": " + p + "\n";
    if (run.passed() && entry.golden_problems.empty()) return {true, ""};
    return {false, golden + "FAIL " + entry.path + "\n" + properties::FormatRun(run) +
                       "reproduce: " + Self() + " replay " + entry.path +
                       conformance.EngineFlags() + "\n"};
  });
  Finish(t, entries.size(), "sequences conform (" + dir + ")", conformance, part);
  if (unreadable) {
    part->figures += ", " + std::to_string(unreadable) + " unreadable";
    if (!t.failed) part->exit_code = kExitBadInput;
  }
}

void CheckScenarios(const ConformArgs& args, Conformance& conformance,
                    properties::PartResult* part) {
  std::vector<scenarios::Scenario> all;
  for (const scenarios::Scenario& s : scenarios::AllScenarios()) {
    if (Selected(args, s.config)) all.push_back(s);
  }
  if (all.size() < scenarios::AllScenarios().size()) {
    std::cout << "scenarios: " << scenarios::AllScenarios().size() - all.size()
              << " of contract versions not selected (--contracts), not checked\n";
  }
  conformance.progress().StartPart("named scenarios", "scenarios", all.size());
  const Tally t = RunAll(all.size(), args, [&](size_t i) -> Outcome {
    const scenarios::Scenario& s = all[i];
    auto engine = conformance.Factory(s.config)();
    scenarios::ScenarioOutcome outcome = scenarios::RunScenario(s, engine.get());
    std::vector<model::Command> commands;
    for (const char* line : s.setup) commands.push_back(*model::ParseCommand(line).command);
    commands.push_back(*model::ParseCommand(s.act).command);
    conformance.report().AddCommands(s.config, commands, !outcome.passed());
    if (outcome.passed()) return {true, ""};
    std::string report = std::string("FAIL ") + s.name + " (" + s.spec + ")\n" + outcome.trace;
    for (const std::string& p : outcome.problems) report += "  " + p + "\n";
    return {false, report + "reproduce: " + ReplayCommand(conformance, commands, s.config) + "\n"};
  });
  Finish(t, all.size(), "conform (model and spec literals)", conformance, part);
}

void CheckGenerated(const ConformArgs& args, const properties::CheckConfig& config,
                    const properties::SuitePlan& plan, Conformance& conformance,
                    properties::PartResult* part) {
  properties::PropertyOptions options;
  options.id = "hookcheck/conform";
  options.check = config;
  options.factory = conformance.Factory(config.model);
  options.max_success = plan.sequences;
  options.max_ops = plan.max_ops;
  options.seed = args.seed;
  options.verbose = false;
  options.replay_corpus_first = false;  // the corpus is a part of its own
  options.emit_files = false;           // the emitted TEST() would run the reference engine
  options.stop = &conformance.stop();
  options.on_sequence = [&](const properties::RunResult& run) {
    conformance.report().Add(config.model, run);
  };
  conformance.progress().StartPart("generated sequences", "sequences",
                                   static_cast<uint64_t>(plan.sequences));
  properties::PropertyOutcome outcome = properties::RunSequentialProperty(options);
  if (outcome.minimal_run) conformance.report().Add(config.model, *outcome.minimal_run);
  if (conformance.breakage().happened) {
    // RapidCheck saw the break as a failing case; report it as what it is.
    throw engine::EngineBroke(conformance.breakage().state, conformance.breakage().error);
  }
  part->figures = std::string(properties::Name(outcome.verdict)) + ": " +
                  std::to_string(outcome.sequences) + " sequences, " + std::to_string(outcome.ops) +
                  " ops, seed " + std::to_string(outcome.seed);
  switch (outcome.verdict) {
    case properties::PropertyVerdict::kPassed:
      return;
    case properties::PropertyVerdict::kFailed:
    case properties::PropertyVerdict::kNondeterministic:
      part->exit_code = kExitViolation;
      break;
    case properties::PropertyVerdict::kError:
      part->exit_code = kExitBadInput;
      break;
    case properties::PropertyVerdict::kStopped:
      part->exit_code = kExitUnknown;
      part->figures += " (stopped: " + conformance.stop().Reason() + "; the rest is unknown)";
      return;
  }
  std::cout << outcome.report;
  if (!outcome.minimal.empty()) {
    std::cout << "reproduce: " << ReplayCommand(conformance, outcome.minimal, config.model) << "\n";
  }
  std::cout << "re-run the search: hookcheck conform" << conformance.EngineFlags()
            << properties::CommandFlags(config) << " --seed " << outcome.seed << " --sequences "
            << plan.sequences << " --max-ops " << plan.max_ops << "\n";
}

void CheckExhaustive(const properties::CheckConfig& config, int depth, int jobs,
                     Conformance& conformance, properties::PartResult* part) {
  properties::ConformanceOptions options;
  options.jobs = jobs;
  options.stop = &conformance.stop();
  options.on_sequence = [&](const properties::RunResult& run) {
    conformance.report().Add(config.model, run);
  };
  conformance.progress().StartPart("exhaustive replay", "sequences", 0);
  options.explore.config = config.model;
  options.explore.max_depth = depth;
  options.explore.require_all_rows = false;
  properties::ConformanceResult result =
      properties::CheckConformance(conformance.Factory(config.model), options);
  if (result.verdict != properties::Verdict::kPass) {
    std::cout << properties::FormatConformance(result);
    if (result.counterexample) {
      std::cout << "reproduce: " << ReplayCommand(conformance, *result.counterexample, config.model)
                << "\n";
    }
  }
  part->figures = std::string(properties::Name(result.verdict)) + ": every edge to depth " +
                  std::to_string(depth) + " replayed, " + std::to_string(result.sequences) +
                  " sequences, " + std::to_string(result.steps) + " steps";
  part->exit_code = ExitCodeOf(result.verdict);
}

int RunConform(const ConformArgs& args, const CLI::App& cmd) {
  properties::CheckConfig config = args.flags.ToCheckConfig();
  if (config.mutant != engine::Mutant::kNone) {
    throw CLI::ValidationError("--mutant",
                               "switches on a bug of the reference engine, not of an external one; "
                               "give it to the engine: --engine-cmd \"hookcheck serve --mutant " +
                                   args.flags.mutant + "\", or a library built with that bug");
  }
  const properties::SuitePlan full{.full = true,
                                   .sequences = args.scenarios_only ? 0 : args.sequences,
                                   .max_ops = args.max_ops,
                                   .replay_depth = args.scenarios_only ? 0 : args.depth};
  // --scenarios is the quick first check: the one configuration of the flags.
  const std::vector<properties::MatrixEntry> matrix =
      args.scenarios_only ? properties::PinnedMatrix(config.model, full)
                          : PlanFromFlags(args.matrix, cmd, config.model, full);
  properties::RunStop stop;
  if (args.time_limit_seconds > 0) stop.SetTimeLimit(args.time_limit_seconds);
  properties::RunStop::InterruptOnSigint(&stop);
  properties::Progress progress("conform");
  properties::ConformanceReport report;
  for (const properties::MatrixEntry& entry : matrix) report.Expect(entry.config);
  Conformance conformance(args.engine, &stop, &progress, &report);
  // With --json, stdout carries one JSON document; the text goes to stderr.
  std::ostream& text = args.json ? std::cerr : std::cout;
  std::streambuf* const saved = args.json ? std::cout.rdbuf(std::cerr.rdbuf()) : nullptr;
  text << "hookcheck conform: " << properties::DescribeMatrix(matrix) << ", "
       << args.engine.Describe();
  if (!args.engine.is_library()) text << ", reply timeout " << args.engine.timeout_seconds << " s";
  text << ", " << args.jobs << " engine" << (args.jobs == 1 ? "" : "s") << " at once";
  if (args.time_limit_seconds > 0) text << ", time limit " << args.time_limit_seconds << " s";
  text << "\n";

  auto run_entry = [&](const properties::MatrixEntry& entry) {
    const properties::CheckConfig entry_config{.model = entry.config};
    const properties::SuitePlan& plan = entry.plan;
    std::vector<properties::PartResult> parts;
    auto run = [&](const std::string& name, auto&& body) {
      if (conformance.breakage().happened) {
        parts.push_back({name, "skipped: the engine broke", kExitEngineBroke, 0});
        return;
      }
      if (stop.Stopped()) {
        parts.push_back(
            {name, "unknown: not reached (stopped: " + stop.Reason() + ")", kExitUnknown, 0});
        return;
      }
      parts.push_back(RunPart(name, conformance, body));
    };
    if (matrix.size() > 1)
      text << "configuration " << model::FormatConfigWords(entry.config) << "\n";
    if (plan.full && !args.scenarios_only) {
      run("regression corpus", [&](properties::PartResult* p) {
        CheckCorpus(args.corpus.empty() ? properties::CorpusDirectory() : args.corpus, args,
                    conformance, p);
      });
    }
    if (plan.full)
      run("named scenarios",
          [&](properties::PartResult* p) { CheckScenarios(args, conformance, p); });
    if (plan.sequences > 0) {
      run("generated sequences", [&](properties::PartResult* p) {
        CheckGenerated(args, entry_config, plan, conformance, p);
      });
    }
    if (plan.replay_depth > 0) {
      run("exhaustive replay", [&](properties::PartResult* p) {
        CheckExhaustive(entry_config, plan.replay_depth, args.jobs, conformance, p);
      });
    }
    return parts;
  };
  const std::vector<properties::ConfigResult> results =
      properties::RunMatrix(matrix, run_entry, &stop);
  progress.Finish();
  properties::RunStop::InterruptOnSigint(nullptr);

  text << "\n" << report.ToText();
  text << "\nsummary (engine "
       << (args.engine.is_library() ? args.engine.library : args.engine.command)
       << (conformance.breakage().engine_name.empty()
               ? ""
               : ", hello: " + conformance.breakage().engine_name)
       << "; " << conformance.Reuse() << ")\n";
  if (saved != nullptr) std::cout.rdbuf(saved);
  const std::string matrix_text =
      properties::FormatMatrixSummary(results, Self() + " conform" + conformance.EngineFlags());
  if (args.json) {
    std::fflush(stdout);
    properties::PrintSummary(results.front().parts, stderr);
    std::cerr << matrix_text;
    nlohmann::json out = properties::MatrixRunJson(results);
    out["report"] = report.ToJson();
    out["engine"] = args.engine.is_library() ? args.engine.library : args.engine.command;
    std::cout << out.dump() << "\n";
  } else {
    properties::PrintSummary(results.front().parts);
    std::cout << matrix_text;
  }
  const int exit_code = properties::MatrixExitCode(results);
  if (!args.junit.empty()) {
    std::ofstream out(args.junit, std::ios::binary);
    out << report.ToJUnit(properties::MatrixJUnitCases(results));
    if (!out.flush()) {
      std::cerr << "hookcheck conform: cannot write " << args.junit << "\n";
      return kExitBadInput;
    }
  }
  return exit_code;
}

}  // namespace

void RegisterConform(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<ConformArgs>();
  CLI::App* cmd = app->add_subcommand(
      "conform",
      "Check an engine in another process (any language; docs/process-protocol.md) or in a shared "
      "library "
      "loaded into this one (the C ABI, docs/c-abi.md): regression corpus, named scenarios, "
      "generated "
      "sequences and exhaustive replay, on every configuration (--contracts restricts the contract "
      "axis, "
      "--config pins one); a version 2 process or a library serves many sequences (reset)");
  CLI::Option* engine_cmd =
      cmd->add_option("--engine-cmd", args->engine.command,
                      "the shell command that starts the engine (run with /bin/sh -c)");
  CLI::Option* engine_lib =
      cmd->add_option("--engine-lib", args->engine.library,
                      "the engine as a shared library implementing the C ABI "
                      "(engine/abi/hookcheck_engine_abi.h), loaded into this "
                      "process with dlopen; the lock rule is observed through its callbacks");
  engine_cmd->excludes(engine_lib);
  engine_lib->excludes(engine_cmd);
  args->flags.AddTo(cmd);
  cmd->add_option("--corpus", args->corpus,
                  "the regression corpus directory (default: the source tree's)");
  cmd->add_option("--sequences", args->sequences,
                  "generated sequences (RapidCheck; RC_PARAMS max_success overrides)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--max-ops", args->max_ops, "longest generated sequence")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  cmd->add_option("--depth", args->depth,
                  "replay a shortest path to every model edge up to this depth (0: skip)")
      ->capture_default_str()
      ->check(CLI::Range(0, 8));
  cmd->add_flag("--scenarios", args->scenarios_only,
                "run only the named scenarios (a quick first check)");
  cmd->add_option("--timeout", args->engine.timeout_seconds,
                  "with --engine-cmd: seconds one reply may take before the engine counts as hung")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86'400.0));
  cmd->add_option("--seed", args->seed, "RapidCheck seed (default: random, printed)")
      ->check(WholeNumber(0, UINT64_MAX));
  cmd->add_option("-j,--jobs", args->jobs,
                  "engines at once (corpus, scenarios and exhaustive replay; the generated "
                  "sequences run on one)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  args->matrix.AddTo(
      cmd,
      "the contract versions the engine implements (seed/v1 v2 v3 v4 v5): the matrix covers "
      "those, and corpus files and scenarios of the others are skipped and reported as not "
      "checked (default: all)");
  cmd->add_option(
         "--time-limit", args->time_limit_seconds,
         "seconds the whole run may take; the parts not reached are reported unknown (exit 3)")
      ->check(CLI::Range(0.001, 1e9));
  cmd->add_flag("--json", args->json,
                "print the summary and the conformance report as one JSON object on stdout "
                "(the text report goes to stderr)");
  cmd->add_option("--junit", args->junit,
                  "also write the conformance report (parts and op x callback cells) as "
                  "JUnit XML to this file");
  cmd->add_option("--protocol", args->engine.protocol,
                  "with --engine-cmd: the newest protocol version hello offers (1: one process per "
                  "sequence, "
                  "lock_held as reported)")
      ->capture_default_str()
      ->check(
          CLI::Range(engine::protocol::kOldestProtocolVersion, engine::protocol::kProtocolVersion));
  cmd->callback([args, exit_code, cmd] {
    if (args->engine.command.empty() == args->engine.library.empty()) {
      throw CLI::ValidationError(
          "--engine-cmd", "give the engine under check: --engine-cmd CMD or --engine-lib PATH");
    }
    *exit_code = RunConform(*args, *cmd);
  });
}

}  // namespace hookcheck::cli
