// Deadlocks end as reports within a bounded time on both runtimes: a lock-order inversion forced
// by sync-point dependencies, a task re-acquiring its own lock, a worker loop nobody stops; on
// the deterministic runtime dfs finds the inversion by itself and passes the consistent order.
#include <gtest/gtest.h>

#include "engine/runtime/explore.h"
#include "engine/runtime/runtime_test_util.h"
#include "engine/runtime/toy_programs.h"
#include "engine/runtime/worker_loop.h"

namespace hookcheck::runtime {
namespace {

using testing::Kind;
using toy::Bug;

const TaskSnapshot* FindTask(const RunReport& r, const std::string& name) {
  for (const TaskSnapshot& t : r.tasks) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

class DeadlockTest : public ::testing::TestWithParam<Kind> {};

TEST_P(DeadlockTest, ForcedLockInversionIsReportedNamingWaitSitesAndHeldLocks) {
  const testing::Timed run = testing::RunOn(
      GetParam(), [](Runtime& rt) { toy::LockInversion(rt, Bug::kSeeded); }, toy::ForceInversion());
  ASSERT_EQ(run.report.outcome, Outcome::kDeadlock) << run.report.Format();
  EXPECT_LT(run.elapsed.count(), 5000);
  const TaskSnapshot* ab = FindTask(run.report, "ab");
  const TaskSnapshot* ba = FindTask(run.report, "ba");
  ASSERT_TRUE(ab && ba) << run.report.Format();
  EXPECT_EQ(FormatTask(*ab),
            "task 1 \"ab\": waits at Inv:A:LockB (write mutex b); holds mutex a "
            "(write, at Inv:A:LockA)");
  EXPECT_EQ(FormatTask(*ba),
            "task 2 \"ba\": waits at Inv:B:LockSecond (write mutex a); holds "
            "mutex b (write, at Inv:B:LockFirst)");
}

TEST_P(DeadlockTest, ConsistentOrderFinishes) {
  const testing::Timed run =
      testing::RunOn(GetParam(), [](Runtime& rt) { toy::LockInversion(rt, Bug::kFixed); });
  EXPECT_EQ(run.report.outcome, Outcome::kOk) << run.report.Format();
}

// The seeded bug that -Wthread-safety rejects at compile time ("acquiring mutex 'mu' that is
// already held"), so the analysis is off here: the run time check is what is under test.
void LockTwice(Runtime& rt) NO_THREAD_SAFETY_ANALYSIS {
  Mutex mu(&rt, "mu");
  MutexLock outer(&mu, "Outer");
  MutexLock inner(&mu, "Inner");
}

TEST_P(DeadlockTest, ReacquiringAHeldLockIsADeadlockOfOneTask) {
  const testing::Timed run = testing::RunOn(GetParam(), LockTwice);
  EXPECT_EQ(run.report.outcome, Outcome::kDeadlock) << run.report.Format();
  EXPECT_EQ(run.report.message, "task acquires mu at Inner while it holds it (write, at Outer)");
  EXPECT_LT(run.elapsed.count(), 5000);
}

// A loop never stopped waits forever once main is done: reported, never a hang.
TEST_P(DeadlockTest, WorkerLoopNobodyStopsIsReported) {
  std::unique_ptr<WorkerLoop> loop;  // outlives the run, so its task can still be unwound
  const testing::Timed run = testing::RunOn(GetParam(), [&](Runtime& rt) {
    loop = std::make_unique<WorkerLoop>(&rt, "worker");
    loop->Post([] {});
  });
  ASSERT_EQ(run.report.outcome, Outcome::kDeadlock) << run.report.Format();
  const TaskSnapshot* worker = FindTask(run.report, "worker");
  ASSERT_TRUE(worker) << run.report.Format();
  EXPECT_EQ(worker->wait_site, "WorkerLoop::Loop:Wait (notify on condvar)");
  EXPECT_LT(run.elapsed.count(), 5000);
}

INSTANTIATE_TEST_SUITE_P(BothRuntimes, DeadlockTest, testing::BothKinds(), testing::ParamName);

TEST(DeadlockExplore, DfsFindsTheInversionWithoutHelp) {
  const ExploreResult r =
      Explore(Strategy::Dfs(1), {}, [](Runtime& rt) { toy::LockInversion(rt, Bug::kSeeded); });
  ASSERT_EQ(r.verdict, Verdict::kFail) << r.Summary(Strategy::Dfs(1));
  EXPECT_EQ(r.report.outcome, Outcome::kDeadlock);
  EXPECT_EQ(r.report.message, "no task can run");
  EXPECT_TRUE(FindTask(r.report, "ab") && FindTask(r.report, "ba")) << r.report.Format();
}

TEST(DeadlockExplore, RandomFindsTheInversion) {
  const ExploreResult r = Explore(Strategy::Random(3), {.max_runs = 500},
                                  [](Runtime& rt) { toy::LockInversion(rt, Bug::kSeeded); });
  ASSERT_EQ(r.verdict, Verdict::kFail) << r.Summary(Strategy::Random(3));
  EXPECT_EQ(r.report.outcome, Outcome::kDeadlock);
}

TEST(DeadlockExplore, ConsistentOrderPassesDfsExhaustively) {
  const ExploreResult r =
      Explore(Strategy::Dfs(3), {}, [](Runtime& rt) { toy::LockInversion(rt, Bug::kFixed); });
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.Summary(Strategy::Dfs(3));
}

}  // namespace
}  // namespace hookcheck::runtime
