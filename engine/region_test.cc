// Region's task confinement (engine/region.h): the loop-owned state is reachable on the owning
// worker loop's task and aborts on any other; the recorder's worker-loop probe.
#include "engine/region.h"

#include <gtest/gtest.h>

#include "engine/hook_recorder.h"
#include "engine/runtime/threads_runtime.h"

namespace hookcheck::engine {
namespace {

TEST(RegionDeathTest, LoopOwnedStateOffItsLoopAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  runtime::ThreadsRuntime rt;
  rt.Begin();
  ASSERT_TRUE(rt.Call("test", [&] {
    WorkerLoop loop(&rt, 0);
    Region r(1, nullptr, &loop);
    const runtime::OneShot<bool> on_loop(&rt);
    ASSERT_TRUE(loop.Post([&] {
      r.owned().flush_running = true;
      on_loop.Set(loop.OnLoopThread());
    }));
    EXPECT_TRUE(on_loop.Wait("test:Wait"));
    EXPECT_DEATH(r.owned(), "worker-loop-owned state touched off its loop task");
    loop.Stop();
  }));
  EXPECT_TRUE(rt.End().ok());
}

TEST(RegionTest, TheRecorderAsksItsProbeWhichTasksAreWorkerLoops) {
  runtime::ThreadsRuntime rt;
  rt.Begin();
  HookRecorder recorder(&rt);
  ASSERT_TRUE(rt.Call("test", [&] {
    WorkerLoop loop(&rt, 0);
    recorder.SetWorkerLoopProbe([&loop] { return loop.OnLoopThread(); });
    recorder.OnRegionOpened(1);  // the driver's task
    const runtime::OneShot<bool> done(&rt);
    ASSERT_TRUE(loop.Post([&] {
      recorder.OnRegionOpened(1);
      done.Set(true);
    }));
    done.Wait("test:Wait");
    loop.Stop();
  }));
  EXPECT_TRUE(rt.End().ok());
  const std::vector<HookEvent> events = recorder.TakeEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[0].on_worker_loop);
  EXPECT_TRUE(events[1].on_worker_loop);
  EXPECT_NE(events[0].thread, events[1].thread);
}

}  // namespace
}  // namespace hookcheck::engine
