// The deterministic runtime refuses a task that reaches a schedule point holding a base::Mutex
// (the engine's leaf mutexes, docs/runtime.md): on one OS thread the next task would find it
// held for real.
#include <gtest/gtest.h>

#include "base/mutex.h"
#include "engine/runtime/deterministic_runtime.h"

namespace hookcheck::runtime {
namespace {

TEST(LeafMutexDeathTest, ASchedulePointUnderABaseMutexAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        DeterministicRuntime rt;
        hookcheck::Mutex leaf;
        rt.Run([&] {
          hookcheck::MutexLock l(&leaf);
          rt.Yield("under the leaf mutex");
        });
      },
      "task 0 \"main\" reached a schedule point holding a base::Mutex");
}

TEST(LeafMutexTest, ALeafMutexTakenAndDroppedBetweenSchedulePointsIsFine) {
  DeterministicRuntime rt;
  hookcheck::Mutex leaf;
  int guarded = 0;
  const RunReport report = rt.Run([&] {
    for (int i = 0; i < 3; ++i) {
      const TaskId t = rt.Spawn("child", [&] {
        {
          hookcheck::MutexLock l(&leaf);
          ++guarded;
        }
        rt.Yield("after the leaf mutex");
      });
      rt.Join(t, "join");
    }
  });
  EXPECT_TRUE(report.ok()) << report.Format();
  EXPECT_EQ(guarded, 3);
}

}  // namespace
}  // namespace hookcheck::runtime
