// The C ABI example under check (docs/c-abi.md): the reference engine behind the ABI conforms on
// the regression corpus, the named scenarios and generated sequences; its seeded-bug variant is
// caught by the lock rule the harness observes through on_lock, although it reports no
// lock_held; broken libraries give one-line errors and a broken engine, never a crash. Run under
// the tsan preset too (label hookcheck_abi), where the library's threads are instrumented.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/shared_library_engine.h"
#include "model/op_text.h"
#include "properties/external_engine_factory.h"
#include "properties/property_corpus.h"
#include "properties/property_runner.h"
#include "properties/sequential_runner.h"
#include "scenarios/scenario.h"

namespace hookcheck {
namespace {

using engine::EngineBroke;
using engine::ExternalEngine;
using engine::LockHeld;
using engine::ProcessState;
using engine::SharedLibraryEngine;
using ::testing::HasSubstr;

model::Command Parse(const char* line) { return *model::ParseCommand(line).command; }

std::unique_ptr<SharedLibraryEngine> Load(const std::string& path,
                                          const model::ModelConfig& config = {}) {
  return SharedLibraryEngine::Load({.path = path, .config = config});
}

// One library engine, reset for each sequence, as conform runs it.
class ReusedEngine {
 public:
  explicit ReusedEngine(const std::string& path) : engine_(Load(path)) {}
  ExternalEngine* For(const model::ModelConfig& config) {
    engine_->WaitIdle();
    engine_->Reset(config);
    return engine_.get();
  }
  bool broken() const { return engine_->broken(); }
  const std::string& error() const { return engine_->error(); }

 private:
  std::unique_ptr<SharedLibraryEngine> engine_;
};

TEST(CAbiExample, ConformsOnTheRegressionCorpus) {
  ReusedEngine engine(HOOKCHECK_REF_ABI);
  ASSERT_FALSE(engine.broken()) << engine.error();
  const std::vector<properties::CorpusEntry> corpus =
      properties::LoadCorpus(properties::CorpusDirectory());
  ASSERT_GT(corpus.size(), 10u);
  for (const properties::CorpusEntry& entry : corpus) {
    ASSERT_TRUE(entry.sequence) << entry.error;
    properties::RunResult run = properties::RunSequence(
        engine.For(entry.sequence->config), entry.sequence->config, entry.sequence->commands);
    EXPECT_TRUE(run.passed()) << entry.path << "\n" << properties::FormatRun(run);
  }
}

TEST(CAbiExample, ConformsOnTheNamedScenarios) {
  ReusedEngine engine(HOOKCHECK_REF_ABI);
  ASSERT_FALSE(engine.broken()) << engine.error();
  ASSERT_GT(scenarios::AllScenarios().size(), 100u);
  for (const scenarios::Scenario& s : scenarios::AllScenarios()) {
    scenarios::ScenarioOutcome outcome = scenarios::RunScenario(s, engine.For(s.config));
    EXPECT_TRUE(outcome.passed()) << s.name << "\n"
                                  << outcome.trace << ::testing::PrintToString(outcome.problems);
  }
}

TEST(CAbiExample, ConformsOnGeneratedSequences) {
  properties::PropertyOptions options;
  options.id = "CAbiExample/Generated";
  options.factory = [] {
    return properties::StartExternalEngine({.library = HOOKCHECK_REF_ABI}, {});
  };
  options.max_success = 30;
  options.max_ops = 40;
  options.seed = 13;
  options.honor_rc_params = false;
  options.replay_corpus_first = false;
  options.emit_files = false;
  options.verbose = false;
  properties::PropertyOutcome outcome = properties::RunSequentialProperty(options);
  EXPECT_EQ(outcome.verdict, properties::PropertyVerdict::kPassed) << outcome.report;
  EXPECT_EQ(outcome.sequences, 30);
}

// The clean library says nothing about locks in its callbacks; the harness derives "none".
TEST(CAbiExample, LockHeldComesFromTheObservedLockEvents) {
  auto engine = Load(HOOKCHECK_REF_ABI);
  ASSERT_FALSE(engine->broken()) << engine->error();
  ASSERT_EQ(engine->Submit(Parse("Put ts=1")), model::ErrorCode::kOk);
  ASSERT_EQ(engine->Submit(Parse("Flush")), model::ErrorCode::kOk);
  engine->WaitIdle();
  std::vector<engine::HookEvent> events = engine->TakeEvents();
  ASSERT_FALSE(events.empty());
  for (const engine::HookEvent& e : events) {
    EXPECT_EQ(e.lock_held, LockHeld::kNone) << engine::ToString(e);
    EXPECT_GE(e.thread, 1u);
  }
}

// The seeded bug fires MU before dropping the manifest write lock. The library strips lock_held
// from its callbacks, so only the lock events the harness observed can show it.
TEST(CAbiExample, MutantFiringUnderTheLockIsCaughtByTheObservedLockRule) {
  auto engine = Load(HOOKCHECK_REF_ABI_MU_UNDER_LOCK);
  ASSERT_FALSE(engine->broken()) << engine->error();
  properties::RunResult run =
      properties::RunSequence(engine.get(), {}, {Parse("Put ts=1"), Parse("Flush")});
  ASSERT_FALSE(run.passed());
  EXPECT_THAT(properties::FormatRun(run),
              HasSubstr("ran while its thread held the manifest write lock"));
  auto clean = Load(HOOKCHECK_REF_ABI);
  properties::RunResult good =
      properties::RunSequence(clean.get(), {}, {Parse("Put ts=1"), Parse("Flush")});
  EXPECT_TRUE(good.passed()) << properties::FormatRun(good);
}

// A broken engine's first call throws its error; every later one throws the same.
void ExpectBroken(ExternalEngine* engine, ProcessState state, const std::string& error) {
  ASSERT_TRUE(engine->broken());
  EXPECT_EQ(engine->state(), state) << engine->error();
  EXPECT_THAT(engine->error(), HasSubstr(error));
  EXPECT_EQ(engine->error().find('\n'), std::string::npos) << "one line: " << engine->error();
  try {
    engine->Submit(Parse("Flush"));
    ADD_FAILURE() << "a broken engine served a submit";
  } catch (const EngineBroke& e) {
    EXPECT_EQ(e.state(), state);
    EXPECT_EQ(std::string(e.what()), engine->error());
  }
}

TEST(CAbiBadLibrary, MissingFileIsALoadFailure) {
  auto engine = Load("/nonexistent/libnothing.so");
  ExpectBroken(engine.get(), ProcessState::kLoadFailed,
               "library '/nonexistent/libnothing.so' could not be loaded: ");
}

TEST(CAbiBadLibrary, LibraryWithoutTheFunctionsIsALoadFailure) {
  auto engine = Load(HOOKCHECK_ABI_EMPTY);
  ExpectBroken(engine.get(), ProcessState::kLoadFailed, "does not export hookcheck_abi_version");
}

TEST(CAbiBadLibrary, OtherAbiVersionIsALoadFailure) {
  auto engine = Load(HOOKCHECK_ABI_BROKEN_VERSION);
  ExpectBroken(engine.get(), ProcessState::kLoadFailed,
               "implements C ABI version 999; this hookcheck implements version 1");
}

TEST(CAbiBadLibrary, CreateReturningNullGivesTheLibrarysError) {
  auto engine = Load(HOOKCHECK_ABI_BROKEN_CREATE_NULL);
  ExpectBroken(engine.get(), ProcessState::kErrorReply,
               "failed to create an engine: broken on purpose: no engine today");
}

TEST(CAbiBadLibrary, ReplyThatIsNotJsonBreaksTheEngine) {
  auto engine = Load(HOOKCHECK_ABI_BROKEN_JSON);
  ASSERT_FALSE(engine->broken()) << engine->error();
  EXPECT_THROW(engine->Submit(Parse("Flush")), EngineBroke);
  ExpectBroken(engine.get(), ProcessState::kMalformedJson,
               "returned not JSON from submit #2 (Flush): '{\"result\": Ok'");
}

TEST(CAbiBadLibrary, LockStreamNoLockCanProduceBreaksTheEngine) {
  auto engine = Load(HOOKCHECK_ABI_BROKEN_LOCK);
  ASSERT_FALSE(engine->broken()) << engine->error();
  EXPECT_EQ(engine->Submit(Parse("Flush")), model::ErrorCode::kOk);
  EXPECT_THROW(engine->TakeEvents(), EngineBroke);
  ExpectBroken(
      engine.get(), ProcessState::kBadReply,
      "callbacks[0] (lock 1, thread 1): releases the write lock, which the thread does not hold");
}

// The CLI: --engine-lib runs conform in process; a bad library is exit code 4 with its error.
std::string RunCli(const std::string& args, int* exit_code) {
  std::string out;
  FILE* pipe = ::popen((std::string(HOOKCHECK_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(CAbiCli, ConformScenariosOnTheExampleLibraryPass) {
  int code = -1;
  const std::string out =
      RunCli(std::string("conform --scenarios -j 2 --engine-lib ") + HOOKCHECK_REF_ABI, &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("engine library: "));
}

TEST(CAbiCli, ConformOnTheMutantLibraryFails) {
  int code = -1;
  const std::string out = RunCli(
      std::string("conform --scenarios --engine-lib ") + HOOKCHECK_REF_ABI_MU_UNDER_LOCK, &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_THAT(out, HasSubstr("held the manifest write lock"));
  EXPECT_THAT(out, HasSubstr("--engine-lib "));  // the reproduction names the library
}

TEST(CAbiCli, BadLibraryIsEngineBroke) {
  int code = -1;
  const std::string out =
      RunCli(std::string("conform --scenarios --engine-lib ") + HOOKCHECK_ABI_EMPTY, &code);
  EXPECT_EQ(code, 4) << out;
  EXPECT_THAT(out, HasSubstr("does not export hookcheck_abi_version"));
  const std::string replay = RunCli("replay --ops Flush --engine-lib /nonexistent/lib.so", &code);
  EXPECT_EQ(code, 4) << replay;
  EXPECT_THAT(replay, HasSubstr("could not be loaded"));
}

TEST(CAbiCli, EngineCmdAndEngineLibAreExclusive) {
  int code = -1;
  const std::string out = RunCli("conform --engine-cmd true --engine-lib x.so", &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_THAT(out, HasSubstr("excludes"));
  RunCli("conform --scenarios", &code);
  EXPECT_EQ(code, 2);
}

}  // namespace
}  // namespace hookcheck
