// Tests what a run keeps of its steps (issue 12, item 6): a conforming step keeps no observations,
// so a run's memory grows with its steps and not with steps x live files.
#include "properties/sequential_runner.h"

#include <gtest/gtest.h>

#include "base/exit_codes.h"
#include "base/heap_in_use.h"
#include "engine/mutant.h"
#include "model/op_text.h"
#include "properties/engine_factory.h"
#include "properties/internal/growing_files.h"

namespace hookcheck::properties {
namespace {

using workload_internal::GrowingFiles;

// A run whose engine stopped says how in its exit code: a violation (a hook under the manifest
// lock), bad input (a schedule that does not fit), or a plain violation of the trace.
TEST(SequentialRunner, TheExitCodeSaysHowTheEnginesRunStopped) {
  const std::vector<model::Command> ops = {{model::Put{1}, {}}, {model::Flush{}, {}}};
  auto under_lock = MakeRefEngine({.mutant = engine::Mutant::kMuUnderManifestLock});
  const RunResult stopped = RunSequence(under_lock.get(), {}, ops);
  ASSERT_FALSE(stopped.passed());
  EXPECT_EQ(stopped.steps.back().stop, engine::RunStop::Kind::kViolation);
  EXPECT_EQ(stopped.ExitCode(), kExitViolation);

  CheckConfig bad;
  bad.schedule = runtime::Strategy::Replay({9});
  auto diverging = MakeRefEngine(bad);
  const RunResult bad_input = RunSequence(diverging.get(), {}, ops);
  ASSERT_FALSE(bad_input.passed());
  EXPECT_EQ(bad_input.ExitCode(), kExitBadInput) << FormatRun(bad_input);

  auto wrong = MakeRefEngine({.mutant = engine::Mutant::kApplyStagingFiresOnce});
  const RunResult violation = RunSequence(
      wrong.get(), {},
      {{model::EnterStaging{.expr = 1}, {}}, {model::Remap{1}, {}}, {model::ApplyStaging{1}, {}}});
  ASSERT_FALSE(violation.passed());
  EXPECT_FALSE(violation.steps.back().stop.has_value());
  EXPECT_EQ(violation.ExitCode(), kExitViolation);
  EXPECT_EQ(RunSequence(MakeRefEngine({}).get(), {}, ops).ExitCode(), kExitPass);
}

TEST(SequentialRunner, ApplySetsBothObservations) {
  auto engine = MakeRefEngine({});
  SequentialChecker checker(engine.get(), {});
  checker.Apply({model::Put{.ts = 1}, {}});
  const StepRecord step = checker.Apply({model::Flush{}, {}});
  ASSERT_TRUE(step.ok());
  ASSERT_TRUE(step.observations.has_value());
  EXPECT_EQ(step.observations->model.live_files.size(), 1u);
  EXPECT_EQ(step.observations->engine, step.observations->model);
}

TEST(SequentialRunner, ARunKeepsNoObservationsOfAConformingStep) {
  auto engine = MakeRefEngine({});
  const RunResult run = RunSequence(engine.get(), {}, GrowingFiles(40));
  ASSERT_TRUE(run.passed());
  ASSERT_EQ(run.steps.size(), 40u);
  for (const StepRecord& step : run.steps) {
    EXPECT_FALSE(step.observations.has_value()) << step.number;
  }
  // What the reports print of a conforming step is still there.
  EXPECT_EQ(run.steps.back().events.size(), 2u);
  EXPECT_EQ(run.steps.back().expect.calls.size(), 2u);
}

TEST(SequentialRunner, ARunKeepsTheObservationsOfItsFailingStep) {
  model::ParsedSequence parsed =
      model::ParseInline("EnterStaging expr=1; Remap files=1; ApplyStaging expr=1", {});
  ASSERT_TRUE(parsed.sequence) << parsed.error;
  auto engine = MakeRefEngine({.mutant = engine::Mutant::kApplyStagingFiresOnce});
  const RunResult run = RunSequence(engine.get(), {}, parsed.sequence->commands);
  ASSERT_FALSE(run.passed());
  ASSERT_EQ(run.steps.size(), 3u);
  EXPECT_FALSE(run.steps[0].observations.has_value());
  EXPECT_FALSE(run.steps[1].observations.has_value());
  EXPECT_TRUE(run.steps[2].observations.has_value());
}

// The heap a finished run holds, measured: below a constant per step while the live files grow to
// a thousand. Keeping both observations of every step cost 5.2 KiB a step here.
TEST(SequentialRunner, ARunRetainsABoundedNumberOfBytesPerStep) {
  if (!HeapIsMeasurable()) GTEST_SKIP() << "the allocator's counters do not see this build's heap";
  constexpr size_t kSteps = 2000;
  constexpr size_t kBytesPerStep = 2048;  // bench/memory_bench measures ~700
  const std::vector<model::Command> commands = GrowingFiles(kSteps);
  const size_t before = HeapBytesInUse();
  RunResult run;
  {
    auto engine = MakeRefEngine({});
    run = RunSequence(engine.get(), {}, commands);
  }
  const size_t retained = HeapBytesInUse() - before;
  ASSERT_TRUE(run.passed());
  EXPECT_LE(retained, kSteps * kBytesPerStep) << retained / kSteps << " bytes per step";
}

}  // namespace
}  // namespace hookcheck::properties
