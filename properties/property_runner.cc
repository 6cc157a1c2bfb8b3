#include "properties/property_runner.h"

#include <rapidcheck.h>
#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/detail/Results.h>
#include <rapidcheck/detail/TestListener.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "model/op_text.h"
#include "properties/property_commands.h"
#include "properties/property_corpus.h"
#include "properties/property_counterexample.h"
#include "properties/sequence_minimizer.h"

namespace rc::detail {
// Defined in librapidcheck (src/detail/StringSerialization.cpp) but not installed with the
// headers; it makes the token RapidCheck prints as RC_PARAMS="reproduce=...".
std::string reproduceMapToString(const std::unordered_map<std::string, Reproduce>& reproduceMap);
// Its inverse, also not declared in the installed headers; throws on a malformed token.
std::unordered_map<std::string, Reproduce> stringToReproduceMap(const std::string& str);
}  // namespace rc::detail

namespace hookcheck::properties {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// RapidCheck's own progress output is off: we print one report, in one place.
class QuietListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

struct FailedSequence {
  std::vector<model::Command> commands;
  RunResult run;
};

// State shared by every case of one run. RapidCheck calls the property on this thread only.
struct RunContext {
  const PropertyOptions* options = nullptr;
  EngineFactory factory;
  Clock::time_point start;

  bool searching = true;  // until the first failure; then RapidCheck shrinks
  bool stopped = false;   // options.stop stopped the run: later cases pass without running
  int sequences = 0;
  uint64_t ops = 0;
  double search_seconds = 0;
  PropertyCoverage coverage;

  bool nondeterministic = false;
  std::string nondeterminism_report;
  std::optional<FailedSequence> last_failure;  // the minimal one once RapidCheck returns
};

// The rarest hook path a sequence reached, for RapidCheck's distribution (one tag per case keeps
// it to a dozen lines; the full table is PropertyCoverage's).
std::string DeepestPath(const PropertySut& sut) {
  static constexpr HookPath kRarestFirst[] = {HookPath::kApplyStagingMuTwice,
                                              HookPath::kRemoteCompaction,
                                              HookPath::kIndexBuild,
                                              HookPath::kEnterStaging,
                                              HookPath::kCopy,
                                              HookPath::kTruncate,
                                              HookPath::kAlter,
                                              HookPath::kLocalCompaction,
                                              HookPath::kEdit,
                                              HookPath::kFlush};
  bool reached[kHookPathCount] = {};
  for (const PropertyStep& step : sut.steps()) {
    for (HookPath p : PathsReached(step)) reached[static_cast<int>(p)] = true;
  }
  for (HookPath p : kRarestFirst) {
    if (reached[static_cast<int>(p)]) return "rarest hook path reached: " + std::string(Name(p));
  }
  return "rarest hook path reached: none";
}

std::string NondeterminismReport(const FailedSequence& first, const RunResult& rerun,
                                 const model::ModelConfig& config) {
  std::string out = "NONDETERMINISTIC: a sequence failed at step " +
                    std::to_string(*first.run.failed_index + 1) + ", then ";
  out += rerun.passed() ? std::string("passed")
                        : "failed at step " + std::to_string(*rerun.failed_index + 1);
  out +=
      " when re-run on a fresh engine. Not shrinking: the engine does not replay "
      "deterministically.\n";
  out += "first run:\n" + FormatRun(first.run);
  out += "re-run:\n" + FormatRun(rerun);
  out += "the sequence:\n" + model::FormatSequence({config, first.commands});
  return out;
}

// Called with the exception of a failing case still in flight. May replace it (RC_FAIL) when the
// failure does not reproduce.
void OnFailure(RunContext& ctx, const PropertySut& sut) {
  FailedSequence failed{sut.Commands(), sut.AsRunResult()};
  if (ctx.searching) {
    ctx.searching = false;
    ctx.search_seconds = Since(ctx.start);
    ++ctx.sequences;
    ctx.ops += failed.commands.size();
    // Determinism self-check, before any shrinking: the same commands on a fresh engine must fail
    // at the same step. (A failure that is an exception rather than a step has no step to compare.)
    if (failed.run.failed_index) {
      auto engine = ctx.factory();
      RunResult rerun = RunSequence(engine.get(), sut.config(), failed.commands);
      if (rerun.passed() || *rerun.failed_index != *failed.run.failed_index) {
        ctx.nondeterministic = true;
        ctx.nondeterminism_report = NondeterminismReport(failed, rerun, sut.config());
        ctx.last_failure = std::move(failed);
        RC_FAIL(ctx.nondeterminism_report);
      }
    }
  }
  ctx.last_failure = std::move(failed);
}

void CheckOneSequence(RunContext& ctx) {
  // Once a case proved nondeterministic every later case (RapidCheck's shrinks) fails at once
  // without running: nothing is drawn, so shrinking stops immediately.
  if (ctx.nondeterministic) RC_FAIL(ctx.nondeterminism_report);
  // Once stopped, every later case passes at once without running: the search ends quickly, and
  // shrinking keeps the smallest failure found so far.
  if (ctx.stopped || (ctx.options->stop && ctx.options->stop->Stopped())) {
    ctx.stopped = true;
    RC_SUCCEED("stopped");
  }
  std::unique_ptr<engine::Engine> engine;
  try {
    engine = ctx.factory();
  } catch (const StopRequested&) {
    ctx.stopped = true;
    RC_SUCCEED("stopped");
  }
  PropertySut sut(std::move(engine), ctx.options->check.model);
  try {
    CheckGeneratedSequence(sut);
  } catch (const StopRequested&) {
    ctx.stopped = true;
    RC_SUCCEED("stopped");
  } catch (const rc::detail::CaseResult& result) {
    if (result.type == rc::detail::CaseResult::Type::Failure) OnFailure(ctx, sut);
    throw;
  } catch (const rc::GenerationFailure&) {
    throw;
  } catch (...) {
    OnFailure(ctx, sut);
    throw;
  }
  if (ctx.searching) {
    ++ctx.sequences;
    ctx.ops += sut.steps().size();
    for (const PropertyStep& step : sut.steps()) ctx.coverage.Add(step);
    if (ctx.options->on_sequence) ctx.options->on_sequence(sut.AsRunResult());
  }
  RC_TAG(DeepestPath(sut));
}

struct ResolvedParams {
  rc::detail::TestParams params;
  std::unordered_map<std::string, rc::detail::Reproduce> reproduce;
  std::string error;
};

// Our defaults, then RC_PARAMS on top (RapidCheck's own parser, so keys mean what RapidCheck's
// documentation says), then a fixed seed when the caller gave one.
ResolvedParams ResolveParams(const PropertyOptions& options) {
  ResolvedParams out;
  const char* env = options.honor_rc_params ? std::getenv("RC_PARAMS") : nullptr;
  // RapidCheck reads RC_PARAMS once, in configuration(), and on a malformed value prints a message
  // and exits the process with status 1, the code of a violation. Parse it ourselves first.
  if (env != nullptr) {
    try {
      (void)rc::detail::configFromString(env, rc::detail::Configuration());
    } catch (const std::exception& e) {
      out.error = "bad RC_PARAMS=\"" + std::string(env) + "\": " + e.what();
      return out;
    }
  }
  try {
    rc::detail::Configuration defaults;
    if (options.honor_rc_params)
      defaults = rc::detail::configuration();  // random seed, or RC_PARAMS'
    defaults.testParams.maxSuccess = options.max_success;
    defaults.testParams.maxSize = std::max(0, options.max_ops - 1);
    rc::detail::Configuration config = defaults;
    if (env != nullptr) config = rc::detail::configFromString(env, defaults);
    out.params = config.testParams;
    if (options.honor_rc_params) out.reproduce = config.reproduce;
    if (options.seed) out.params.seed = *options.seed;
  } catch (const std::exception& e) {
    out.error = std::string("bad RC_PARAMS: ") + e.what();
    return out;
  }
  // A run that checks nothing is not a pass.
  if (out.params.maxSuccess < 1) {
    out.error = "bad RC_PARAMS: max_success=" + std::to_string(out.params.maxSuccess) +
                " checks nothing (it must be at least 1)";
  } else if (out.params.maxSize < 0) {
    out.error = "bad RC_PARAMS: max_size=" + std::to_string(out.params.maxSize) + " is negative";
  } else if (!out.reproduce.empty() && out.reproduce.count(options.id) == 0) {
    // RapidCheck would skip this property and report "OK, passed 0 tests".
    std::string ids;
    for (const auto& [id, _] : out.reproduce) ids += (ids.empty() ? "'" : ", '") + id + "'";
    out.error = "bad RC_PARAMS: the reproduce token is for " + ids + ", not '" + options.id + "'";
  }
  return out;
}

std::string ReplayCorpusFirst(const PropertyOptions& options, std::vector<std::string>* failures) {
  const std::string dir = CorpusDirectory();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return "regression corpus: " + dir + " not found, skipped\n";
  std::vector<CorpusReplay> replays = ReplayCorpus(dir, options.check);
  for (const CorpusReplay& r : replays) {
    if (!r.ok()) failures->push_back(r.Describe());
  }
  return "regression corpus: " + dir + ": " + std::to_string(replays.size() - failures->size()) +
         " of " + std::to_string(replays.size()) + " sequences pass\n";
}

// RunBareStateMachine's machine: the commands it runs do nothing but count.
struct BareModel {
  uint64_t n = 0;
};
struct BareSut {
  uint64_t n = 0;
};
struct NoOpCommand final : rc::state::Command<BareModel, BareSut> {
  void apply(BareModel& m) const override { ++m.n; }
  void run(const BareModel&, BareSut& s) const override { ++s.n; }
};

}  // namespace

std::string_view Name(PropertyVerdict v) {
  switch (v) {
    case PropertyVerdict::kPassed:
      return "passed";
    case PropertyVerdict::kFailed:
      return "failed";
    case PropertyVerdict::kNondeterministic:
      return "nondeterministic";
    case PropertyVerdict::kError:
      return "error";
    case PropertyVerdict::kStopped:
      return "stopped";
  }
  return "?";
}

std::string ReproduceTokenFor(const std::string& property_id) {
  return rc::detail::reproduceMapToString({{property_id, rc::detail::Reproduce{}}});
}

std::vector<std::string> PropertiesOfReproduceToken(const std::string& token, std::string* error) {
  std::vector<std::string> ids;
  try {
    for (const auto& [id, _] : rc::detail::stringToReproduceMap(token)) ids.push_back(id);
  } catch (const std::exception& e) {
    *error = std::string("malformed reproduce token: ") + e.what();
    return {};
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string FailureDirectory() {
  if (const char* dir = std::getenv("HOOKCHECK_FAILURE_DIR"); dir != nullptr && *dir != '\0')
    return dir;
  return "hookcheck-failures";
}

uint64_t RunBareStateMachine(int sequences, int max_ops, uint64_t seed) {
  PropertyOptions options;
  options.id = "BareStateMachine";
  options.max_success = sequences;
  options.max_ops = max_ops;
  options.seed = seed;
  options.honor_rc_params = false;
  const ResolvedParams resolved = ResolveParams(options);
  if (!resolved.error.empty())
    throw std::invalid_argument("RunBareStateMachine: " + resolved.error);
  uint64_t commands = 0;
  rc::detail::TestMetadata metadata;
  metadata.id = options.id;
  QuietListener listener;
  const rc::detail::TestResult result = rc::detail::checkTestable(
      [&commands] {
        BareModel model;
        BareSut sut;
        rc::state::check(model, sut, rc::state::gen::execOneOfWithArgs<NoOpCommand>());
        commands += sut.n;
      },
      metadata, resolved.params, listener, resolved.reproduce);
  if (!result.is<rc::detail::SuccessResult>()) {
    std::ostringstream message;
    rc::detail::printResultMessage(result, message);
    throw std::runtime_error("RunBareStateMachine: " + message.str());
  }
  return commands;
}

PropertyOutcome RunSequentialProperty(const PropertyOptions& options) {
  PropertyOutcome outcome;
  const Clock::time_point start = Clock::now();
  auto say = [&](const std::string& text) {
    outcome.report += text;
    if (options.verbose) std::cerr << text << std::flush;
  };

  ResolvedParams resolved = ResolveParams(options);
  if (!resolved.error.empty()) {
    outcome.verdict = PropertyVerdict::kError;
    say(resolved.error + "\n");
    return outcome;
  }
  outcome.seed = resolved.params.seed;
  outcome.max_success = resolved.params.maxSuccess;
  outcome.max_ops = resolved.params.maxSize + 1;
  say("hookcheck property " + options.id + ": seed=" + std::to_string(outcome.seed) +
      " max_success=" + std::to_string(outcome.max_success) + " max_ops=" +
      std::to_string(outcome.max_ops) + (resolved.params.disableShrinking ? " noshrink" : "") +
      " mutant=" + std::string(engine::Name(options.check.mutant)) + " " +
      model::FormatSequence({options.check.model, {}}));

  if (options.replay_corpus_first) {
    say(ReplayCorpusFirst(options, &outcome.corpus_failures));
    if (!outcome.corpus_failures.empty()) {
      outcome.verdict = PropertyVerdict::kFailed;
      for (const std::string& f : outcome.corpus_failures) say("CORPUS FAILURE " + f + "\n");
      say("not running random sequences until the regression corpus passes\n");
      outcome.total_seconds = Since(start);
      return outcome;
    }
  }

  RunContext ctx;
  ctx.options = &options;
  ctx.factory = options.factory ? options.factory : RefEngineFactory(options.check);
  ctx.start = Clock::now();

  rc::detail::TestMetadata metadata;
  metadata.id = options.id;
  metadata.description = options.id;
  QuietListener listener;
  const rc::detail::TestResult result = rc::detail::checkTestable(
      [&ctx] { CheckOneSequence(ctx); }, metadata, resolved.params, listener, resolved.reproduce);

  outcome.sequences = ctx.sequences;
  outcome.ops = ctx.ops;
  outcome.search_seconds = ctx.searching ? Since(ctx.start) : ctx.search_seconds;
  outcome.coverage = ctx.coverage;

  std::ostringstream rc_message;
  rc::detail::printResultMessage(result, rc_message);

  if (result.is<rc::detail::SuccessResult>() && ctx.stopped) {
    outcome.verdict = PropertyVerdict::kStopped;
    say("hookcheck: stopped (" + options.stop->Reason() + ") after " +
        std::to_string(ctx.sequences) + " sequences: the rest is unknown\n");
  } else if (result.is<rc::detail::SuccessResult>()) {
    outcome.verdict = PropertyVerdict::kPassed;
    say(rc_message.str() + "\n");
    say("coverage of the search:\n" + ctx.coverage.ToTable());
  } else if (result.is<rc::detail::FailureResult>()) {
    const auto& failure = result.get<rc::detail::FailureResult>();
    outcome.reproduce = "RC_PARAMS=\"reproduce=" +
                        rc::detail::reproduceMapToString({{options.id, failure.reproduce}}) + "\"";
    if (ctx.nondeterministic) {
      outcome.verdict = PropertyVerdict::kNondeterministic;
      say(ctx.nondeterminism_report);
      say("To re-run the search that found it: " + outcome.reproduce + "\n");
    } else {
      outcome.verdict = PropertyVerdict::kFailed;
      say(rc_message.str() + "\n");
      if (ctx.last_failure) {
        outcome.minimal = ctx.last_failure->commands;
        outcome.minimal_run = ctx.last_failure->run;
        // RapidCheck shrinks through the generator's choices; a pass over the sequence itself
        // often removes more (commands that only set up a larger, earlier failure).
        const EngineFactory factory =
            options.factory ? options.factory : RefEngineFactory(options.check);
        // Stopped: the failure found so far is the answer; no more engines run.
        const Minimized reduced =
            ctx.stopped ? Minimized{outcome.minimal}
                        : MinimizeFailingSequence(outcome.minimal, factory, options.check.model);
        if (reduced.commands.size() < outcome.minimal.size()) {
          say("hookcheck: RapidCheck shrank the case to " + std::to_string(outcome.minimal.size()) +
              " ops; hookcheck's one-minimal pass reduced it to " +
              std::to_string(reduced.commands.size()) + "\n");
          outcome.rapidcheck_shrunk_ops = static_cast<int>(outcome.minimal.size());
          auto engine = factory();
          outcome.minimal = reduced.commands;
          outcome.minimal_run = RunSequence(engine.get(), options.check.model, outcome.minimal);
        }
        say("hookcheck: shrunk counterexample, " + std::to_string(outcome.minimal.size()) +
            " ops, one a line (!! marks the failing step):\n" + FormatRun(*outcome.minimal_run));
        // After the ops, the schedule (the reference engine on the deterministic runtime only).
        if (!options.factory && !ctx.stopped) {
          outcome.schedule = ShrinkSchedule(outcome.minimal, options.check);
          if (outcome.schedule && outcome.schedule->schedule_independent) {
            say("hookcheck: the failure does not depend on the schedule: it fails with every "
                "decision the default (" +
                runtime::FormatStrategy(outcome.schedule->schedule) + ")\n");
          } else if (outcome.schedule) {
            say("hookcheck: shrank the failing schedule from " +
                std::to_string(outcome.schedule->failing_decisions) + " decisions to " +
                std::to_string(outcome.schedule->schedule.choices.size()) + ": " +
                runtime::FormatStrategy(outcome.schedule->schedule) + "\n");
          }
        }
        if (options.emit_files) {
          Counterexample c{options.id + " seed=" + std::to_string(outcome.seed), options.check,
                           outcome.minimal, *outcome.minimal_run};
          WrittenFiles files = WriteCounterexample(c, FailureDirectory(), options.id);
          outcome.seq_path = files.seq_path;
          outcome.test_path = files.test_path;
          if (!files.seq_path.empty())
            say("hookcheck: wrote regression file " + files.seq_path + "\n");
          if (!files.test_path.empty())
            say("hookcheck: wrote regression test " + files.test_path + "\n");
          if (!files.error.empty()) say("hookcheck: " + files.error + "\n");
        }
      }
      say("To reproduce: " + outcome.reproduce + "\n");
    }
  } else {
    outcome.verdict = PropertyVerdict::kError;
    say(rc_message.str() + "\n");
  }
  outcome.total_seconds = Since(start);
  return outcome;
}

}  // namespace hookcheck::properties
