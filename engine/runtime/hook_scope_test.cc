// A hook entered while its caller holds the manifest write lock is reported as such, on both
// runtimes, and not as the deadlock its read of the manifest would become; the same hook fired
// after the lock is dropped passes.
#include <gtest/gtest.h>

#include "engine/runtime/explore.h"
#include "engine/runtime/runtime_test_util.h"
#include "engine/runtime/toy_programs.h"

namespace hookcheck::runtime {
namespace {

using testing::Kind;
using toy::Bug;

class HookScopeTest : public ::testing::TestWithParam<Kind> {};

TEST_P(HookScopeTest, HookUnderTheWriteLockIsReportedNotDeadlocked) {
  const testing::Timed run =
      testing::RunOn(GetParam(), [](Runtime& rt) { toy::HookUnderLock(rt, Bug::kSeeded); });
  ASSERT_EQ(run.report.outcome, Outcome::kHookUnderManifestLock) << run.report.Format();
  EXPECT_EQ(run.report.message,
            "OnManifestUpdated entered while its caller holds manifest in write mode (taken at "
            "Flush:Commit)");
  ASSERT_EQ(run.report.tasks.size(), 1u);
  EXPECT_EQ(run.report.tasks[0].name, "flush");
  EXPECT_LT(run.elapsed.count(), 5000);
}

TEST_P(HookScopeTest, HookAfterTheLockIsDroppedPasses) {
  const testing::Timed run =
      testing::RunOn(GetParam(), [](Runtime& rt) { toy::HookUnderLock(rt, Bug::kFixed); });
  EXPECT_EQ(run.report.outcome, Outcome::kOk) << run.report.Format();
}

// Held locks are what the check reads: the task's list, in acquisition order, with modes.
TEST_P(HookScopeTest, HeldByCurrentTaskListsLocksWithModeAndSite) {
  const testing::Timed run = testing::RunOn(GetParam(), [](Runtime& rt) {
    RwLock manifest(&rt, "manifest", LockRole::kManifest);
    Mutex mu(&rt, "mu");
    MutexLock a(&mu, "Site:Mu");
    ReadGuard b(&manifest, "Site:Read");
    const std::vector<HeldLock> held = rt.HeldByCurrentTask();
    if (held.size() != 2 || std::string(held[0].name) != "mu" ||
        std::string(held[1].site) != "Site:Read" || held[1].mode != LockMode::kRead ||
        held[1].role != LockRole::kManifest) {
      rt.Fail("held locks are wrong");
    }
    // A read hold is not the violation: only the write lock is.
    HookCallScope scope(&rt, "OnSstFilesWritten");
  });
  EXPECT_EQ(run.report.outcome, Outcome::kOk) << run.report.Format();
}

INSTANTIATE_TEST_SUITE_P(BothRuntimes, HookScopeTest, testing::BothKinds(), testing::ParamName);

TEST(HookScopeExplore, EverySchedulePointsAtTheHookNotADeadlock) {
  const ExploreResult r =
      Explore(Strategy::Dfs(2), {}, [](Runtime& rt) { toy::HookUnderLock(rt, Bug::kSeeded); });
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.report.outcome, Outcome::kHookUnderManifestLock) << r.report.Format();
  const ExploreResult fixed =
      Explore(Strategy::Dfs(2), {}, [](Runtime& rt) { toy::HookUnderLock(rt, Bug::kFixed); });
  EXPECT_EQ(fixed.verdict, Verdict::kPass) << fixed.Summary(Strategy::Dfs(2));
}

}  // namespace
}  // namespace hookcheck::runtime
