// Region's thread confinement (engine/region.h): the loop-owned state is reachable on the owning
// worker loop's thread and aborts on any other.
#include "engine/region.h"

#include <gtest/gtest.h>

#include <future>

namespace hookcheck::engine {
namespace {

TEST(RegionDeathTest, LoopOwnedStateOffItsLoopAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  WorkerLoop loop(0);
  Region r(1, nullptr, &loop);
  std::promise<bool> on_loop;
  ASSERT_TRUE(loop.Post([&] {
    r.owned().flush_running = true;
    on_loop.set_value(loop.OnLoopThread());
  }));
  EXPECT_TRUE(on_loop.get_future().get());
  EXPECT_DEATH(r.owned(), "worker-loop-owned state touched off its loop thread");
}

TEST(RegionTest, TheRecorderSeesWhichThreadsAreWorkerLoops) {
  WorkerLoop loop(0);
  EXPECT_FALSE(WorkerLoop::OnAnyLoopThread());
  std::promise<bool> seen;
  ASSERT_TRUE(loop.Post([&] { seen.set_value(WorkerLoop::OnAnyLoopThread()); }));
  EXPECT_TRUE(seen.get_future().get());
}

}  // namespace
}  // namespace hookcheck::engine
