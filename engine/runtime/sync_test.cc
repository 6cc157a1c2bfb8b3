// The runtime's building blocks on both runtimes: a worker loop runs posts in order, sync-point
// dependencies force an order, a timed wait times out, notify wakes a waiter, and the current
// task id is each task's own.
#include <gtest/gtest.h>

#include "engine/runtime/runtime_test_util.h"
#include "engine/runtime/worker_loop.h"

namespace hookcheck::runtime {
namespace {

using testing::Kind;

class SyncTest : public ::testing::TestWithParam<Kind> {};

TEST_P(SyncTest, WorkerLoopRunsPostsInOrder) {
  std::vector<int> log;
  const testing::Timed run = testing::RunOn(GetParam(), [&](Runtime& rt) {
    WorkerLoop loop(&rt, "worker");
    for (int i = 0; i < 5; ++i) loop.Post([&log, i] { log.push_back(i); });
    loop.Stop();
    if (loop.Post([] {})) rt.Fail("a stopped loop took a message");
  });
  EXPECT_EQ(run.report.outcome, Outcome::kOk) << run.report.Format();
  EXPECT_EQ(log, (std::vector<int>{0, 1, 2, 3, 4}));
}

// "Order:Second" cannot pass before "Order:First", whichever task the runtime runs first.
TEST_P(SyncTest, DependencyForcesTheOrder) {
  for (int round = 0; round < 3; ++round) {
    std::vector<std::string> log;
    const testing::Timed run = testing::RunOn(GetParam(),
                                              [&](Runtime& rt) {
                                                Mutex mu(&rt, "log_mu");
                                                auto append = [&](const char* s) {
                                                  MutexLock lock(&mu, "Order:Append");
                                                  log.push_back(s);
                                                };
                                                const TaskId b = rt.Spawn("b", [&] {
                                                  TEST_SYNC_POINT("Order:Second");
                                                  append("second");
                                                });
                                                const TaskId a = rt.Spawn("a", [&] {
                                                  append("first");
                                                  TEST_SYNC_POINT("Order:First");
                                                });
                                                rt.Join(a, "Order:JoinA");
                                                rt.Join(b, "Order:JoinB");
                                              },
                                              {{"Order:First", "Order:Second"}});
    EXPECT_EQ(run.report.outcome, Outcome::kOk) << run.report.Format();
    EXPECT_EQ(log, (std::vector<std::string>{"first", "second"}));
  }
}

TEST_P(SyncTest, DependencyOnAPointNeverReachedIsADeadlockNamingThePoint) {
  const testing::Timed run =
      testing::RunOn(GetParam(), [](Runtime& rt) { TEST_SYNC_POINT("Never:After"); },
                     {{"Never:Before", "Never:After"}});
  ASSERT_EQ(run.report.outcome, Outcome::kDeadlock) << run.report.Format();
  ASSERT_EQ(run.report.tasks.size(), 1u);
  EXPECT_EQ(run.report.tasks[0].wait_site, "Never:After (notify on condvar)");
}

TEST_P(SyncTest, TimedWaitTimesOutAndNotifyWakes) {
  const testing::Timed run = testing::RunOn(GetParam(), [](Runtime& rt) {
    Mutex mu(&rt, "mu");
    CondVar cv(&rt);
    bool ready = false;
    {
      MutexLock lock(&mu, "Timed:Lock");
      if (cv.WaitFor(&mu, std::chrono::milliseconds(20), "Timed:Wait")) rt.Fail("no timeout");
    }
    const TaskId notifier = rt.Spawn("notifier", [&] {
      MutexLock lock(&mu, "Notify:Lock");
      ready = true;
      cv.SignalAll();
    });
    {
      MutexLock lock(&mu, "Woken:Lock");
      while (!ready) cv.Wait(&mu, "Woken:Wait");
    }
    rt.Join(notifier, "Timed:Join");
  });
  EXPECT_EQ(run.report.outcome, Outcome::kOk) << run.report.Format();
}

TEST_P(SyncTest, CurrentTaskIsEachTasksOwn) {
  const testing::Timed run = testing::RunOn(GetParam(), [](Runtime& rt) {
    const TaskId main_id = rt.CurrentTask();
    TaskId seen = main_id;
    const TaskId child = rt.Spawn("child", [&] { seen = rt.CurrentTask(); });
    rt.Join(child, "Current:Join");
    if (seen != child || seen == main_id || rt.CurrentTask() != main_id) rt.Fail("wrong task id");
    if (Runtime::Current() != &rt) rt.Fail("Runtime::Current is not the running runtime");
  });
  EXPECT_EQ(run.report.outcome, Outcome::kOk) << run.report.Format();
  EXPECT_EQ(Runtime::Current(), nullptr);
}

TEST_P(SyncTest, ATaskThatThrowsFailsTheRun) {
  const testing::Timed run = testing::RunOn(GetParam(), [](Runtime& rt) {
    const TaskId t = rt.Spawn("thrower", [] { throw std::runtime_error("boom"); });
    rt.Join(t, "Throw:Join");
  });
  EXPECT_EQ(run.report.outcome, Outcome::kFailed);
  EXPECT_EQ(run.report.message, "task thrower threw: boom");
}

INSTANTIATE_TEST_SUITE_P(BothRuntimes, SyncTest, testing::BothKinds(), testing::ParamName);

}  // namespace
}  // namespace hookcheck::runtime
