#include "properties/schedule_shrinker.h"

#include <gtest/gtest.h>

#include "model/op_text.h"

namespace hookcheck::properties {
namespace {

std::vector<model::Command> Ops(const std::string& text) {
  const model::ParsedSequence parsed = model::ParseInline(text, {});
  EXPECT_TRUE(parsed.sequence.has_value()) << parsed.error;
  return parsed.sequence ? parsed.sequence->commands : std::vector<model::Command>{};
}

// A sequential bug fails whatever the schedule: the first candidate, no forced decision, fails.
TEST(ScheduleShrinker, ASequentialBugNeedsNoForcedDecision) {
  CheckConfig config;
  config.mutant = engine::Mutant::kApplyStagingFiresOnce;
  config.schedule = runtime::Strategy::Random(5);
  const std::optional<ShrunkSchedule> shrunk =
      ShrinkSchedule(Ops("EnterStaging expr=1; Remap files=1; ApplyStaging expr=1"), config);
  ASSERT_TRUE(shrunk.has_value());
  EXPECT_TRUE(shrunk->schedule_independent);
  EXPECT_EQ(runtime::FormatStrategy(shrunk->schedule), "replay:");
  EXPECT_GT(shrunk->failing_decisions, 0u);
  EXPECT_EQ(shrunk->runs, 2);
}

TEST(ScheduleShrinker, APassingRunHasNoScheduleToShrink) {
  EXPECT_FALSE(ShrinkSchedule(Ops("EnterStaging expr=1; Remap files=1; ApplyStaging expr=1"), {})
                   .has_value());
}

TEST(ScheduleShrinker, ThreadsHaveNoSchedule) {
  CheckConfig config;
  config.mutant = engine::Mutant::kApplyStagingFiresOnce;
  config.runtime = engine::RuntimeKind::kThreads;
  EXPECT_FALSE(
      ShrinkSchedule(Ops("EnterStaging expr=1; Remap files=1; ApplyStaging expr=1"), config)
          .has_value());
}

}  // namespace
}  // namespace hookcheck::properties
