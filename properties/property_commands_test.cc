// Tests what PropertySut keeps of a generated sequence (issue 12, item 6): no model state and no
// observations of a conforming step, so a sequence of 100,000 ops (--max-ops allows it) holds
// O(steps) and not O(steps x live files).
#include "properties/property_commands.h"

#include <gtest/gtest.h>

#include "base/heap_in_use.h"
#include "properties/engine_factory.h"
#include "properties/internal/growing_files.h"

namespace hookcheck::properties {
namespace {

using workload_internal::GrowingFiles;

TEST(PropertySut, KeepsNoObservationsOfAConformingStep) {
  PropertySut sut(MakeRefEngine({}), {});
  for (const model::Command& c : GrowingFiles(40)) ASSERT_TRUE(sut.Apply(c).ok());
  ASSERT_EQ(sut.steps().size(), 40u);
  for (const PropertyStep& step : sut.steps()) {
    EXPECT_FALSE(step.record.observations.has_value()) << step.record.number;
  }
  EXPECT_EQ(sut.AsRunResult().steps.back().events.size(), 2u);
}

// Measured: the heap a PropertySut holds beyond an engine and checker driven through the same
// commands, which keep nothing per step. Keeping the model state and both observations of every
// step cost 21 KiB a step here.
TEST(PropertySut, RetainsABoundedNumberOfBytesPerStep) {
  if (!HeapIsMeasurable()) GTEST_SKIP() << "the allocator's counters do not see this build's heap";
  constexpr size_t kSteps = 2000;
  constexpr size_t kBytesPerStep = 2048;  // bench/memory_bench measures ~700
  const std::vector<model::Command> commands = GrowingFiles(kSteps);

  size_t before = HeapBytesInUse();
  size_t bare = 0;
  {
    auto engine = MakeRefEngine({});
    SequentialChecker checker(engine.get(), {});
    for (const model::Command& c : commands) ASSERT_TRUE(checker.Apply(c).ok());
    bare = HeapBytesInUse() - before;
  }
  before = HeapBytesInUse();
  PropertySut sut(MakeRefEngine({}), {});
  for (const model::Command& c : commands) ASSERT_TRUE(sut.Apply(c).ok());
  const size_t held = HeapBytesInUse() - before;

  ASSERT_GE(held, bare);
  EXPECT_LE(held - bare, kSteps * kBytesPerStep) << (held - bare) / kSteps << " bytes per step";
}

}  // namespace
}  // namespace hookcheck::properties
