#include "engine/manifest_context.h"

#include <gtest/gtest.h>

#include "engine/hook_recorder.h"
#include "engine/runtime/threads_runtime.h"

namespace hookcheck::engine {
namespace {

RegionEdit AddFile(FileId id) {
  RegionEdit e;
  e.files_to_add.push_back(FileMeta{.file_id = id, .num_rows = 1});
  return e;
}

class ManifestContextTest : public ::testing::Test {
 protected:
  std::unique_ptr<ManifestContext> NewContext(RoleState state, Mutant mutant = Mutant::kNone) {
    auto m = RegionManifestManager::Create({1, &store_, &faults_, mutant});
    return std::make_unique<ManifestContext>(
        &rt_, std::move(m), state, ManifestContext::Options{1, &recorder_, false, mutant});
  }
  // The test's thread uses the locks as a task the runtime adopts.
  runtime::ThreadsRuntime rt_;
  ObjectStore store_;
  FaultInjector faults_;
  HookRecorder recorder_{&rt_};
  ManifestLock ml_{&rt_};  // the lock a PMH was "written under"; never held here
};

TEST_F(ManifestContextTest, PendingHookMergeConcatenatesActionsAndTakesTheMaxVersion) {
  PendingManifestHook a(1, RegionMetaActionList{AddFile(3)}, 7, &recorder_, false, false);
  PendingManifestHook b(1, RegionMetaActionList{RegionChange{1, 0, 0}}, 8, &recorder_, false,
                        false);
  std::move(a).Merge(std::move(b)).Fire(ml_);
  auto events = recorder_.TakeEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].version, 8u);
  ASSERT_EQ(events[0].actions.size(), 2u);
  EXPECT_EQ(events[0].actions[0].kind, model::ActionKind::kEdit);
  EXPECT_EQ(events[0].actions[1].kind, model::ActionKind::kChange);
}

// A PMH carries actions iff a hook was present at the write; with the hook but no actions it
// fires nothing, and the same PMH with actions does reach the recorder (so the first half can
// fail).
TEST_F(ManifestContextTest, PendingHookWithoutActionsFiresNothing) {
  PendingManifestHook none(1, std::nullopt, 7, &recorder_, false, false);
  std::move(none).Fire(ml_);
  EXPECT_TRUE(recorder_.TakeEvents().empty());
  PendingManifestHook some(1, RegionMetaActionList{AddFile(3)}, 7, &recorder_, false, false);
  std::move(some).Fire(ml_);
  EXPECT_EQ(recorder_.TakeEvents().size(), 1u);
}

TEST_F(ManifestContextTest, StagingWriteIsSuppressedUnderV3) {
  PendingManifestHook a(1, RegionMetaActionList{AddFile(3)}, 7, &recorder_, /*is_staging=*/true,
                        /*suppress_staging=*/true);
  std::move(a).Fire(ml_);
  EXPECT_TRUE(recorder_.TakeEvents().empty());
  PendingManifestHook live(1, RegionMetaActionList{AddFile(3)}, 7, &recorder_, /*is_staging=*/false,
                           /*suppress_staging=*/true);
  std::move(live).Fire(ml_);
  EXPECT_EQ(recorder_.TakeEvents().size(), 1u);  // V3 suppresses staging writes only
}

TEST_F(ManifestContextTest, UpdateManifestFiresManifestUpdatedAfterReleasingTheLock) {
  auto ctx = NewContext(RoleState::kWritable);
  Version v = 0;
  ASSERT_TRUE(ctx->UpdateManifest(RoleState::kWritable, {AddFile(1)}, false, &v).ok());
  auto events = recorder_.TakeEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].version, 1u);
  EXPECT_EQ(events[0].lock_held, LockHeld::kNone);
}

// The runtime stops the run at the hook's entry: the hook never runs.
TEST_F(ManifestContextTest, MutantFiringUnderTheManifestWriteLockStopsTheRun) {
  auto ctx = NewContext(RoleState::kWritable, Mutant::kMuUnderManifestLock);
  Version v = 0;
  EXPECT_THROW((void)ctx->UpdateManifest(RoleState::kWritable, {AddFile(1)}, false, &v),
               runtime::TaskAborted);
  EXPECT_TRUE(recorder_.TakeEvents().empty());
  const runtime::RunReport report = rt_.Peek();
  EXPECT_EQ(report.outcome, runtime::Outcome::kHookUnderManifestLock) << report.Format();
  EXPECT_NE(report.message.find("ManifestContext::UpdateManifestWithStateCheck"), std::string::npos)
      << report.message;
}

// Switched off (an engine serving an external checker), the hook runs and is recorded under the
// lock, with the site that took it.
TEST_F(ManifestContextTest, MutantFiresUnderTheManifestWriteLockWhenStopsAreOff) {
  rt_.SetHookUnderManifestLockStops(false);
  auto ctx = NewContext(RoleState::kWritable, Mutant::kMuUnderManifestLock);
  Version v = 0;
  ASSERT_TRUE(ctx->UpdateManifest(RoleState::kWritable, {AddFile(1)}, false, &v).ok());
  auto events = recorder_.TakeEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].lock_held, LockHeld::kWrite);
  EXPECT_EQ(events[0].lock_site, "ManifestContext::UpdateManifestWithStateCheck");
}

TEST_F(ManifestContextTest, FailedPredicateConsumesNoVersionAndFiresNothing) {
  auto ctx = NewContext(RoleState::kFollower);
  Version v = 0;
  EXPECT_EQ(ctx->UpdateManifest(RoleState::kWritable, {AddFile(1)}, false, &v).code(),
            model::ErrorCode::kRegionState);
  EXPECT_EQ(ctx->LastVersion(), 0u);
  EXPECT_TRUE(recorder_.TakeEvents().empty());
}

TEST_F(ManifestContextTest, DowngradingPassesEveryNonDowngradingPredicate) {
  auto ctx = NewContext(RoleState::kDowngrading);
  Version v = 0;
  EXPECT_TRUE(ctx->UpdateManifest(RoleState::kAltering, {RegionChange{}}, false, &v).ok());
  EXPECT_TRUE(ctx->UpdateManifestForCompaction({AddFile(2)}, &v).ok());
  ctx->SetRole(RoleState::kWritable);
  EXPECT_EQ(ctx->UpdateManifest(RoleState::kDowngrading, {AddFile(3)}, false, &v).code(),
            model::ErrorCode::kRegionState);
}

TEST_F(ManifestContextTest, TruncationCheckRejectsStaleFlushAndGoneInputs) {
  auto ctx = NewContext(RoleState::kWritable);
  Version v = 0;
  ASSERT_TRUE(ctx->UpdateManifest(RoleState::kWritable, {AddFile(1)}, false, &v).ok());
  RegionTruncate t;
  t.truncated_entry_id = 5;
  ASSERT_TRUE(ctx->UpdateManifest(RoleState::kWritable, {t}, false, &v).ok());
  RegionEdit stale = AddFile(2);
  stale.flushed_entry_id = 5;
  EXPECT_EQ(ctx->UpdateManifest(RoleState::kWritable, {stale}, false, &v).code(),
            model::ErrorCode::kRegionTruncated);
  RegionEdit compaction = AddFile(3);
  compaction.files_to_remove = {1};
  EXPECT_EQ(ctx->UpdateManifestForCompaction({compaction}, &v).code(),
            model::ErrorCode::kRegionTruncated);
  RegionEdit fresh = AddFile(4);
  fresh.flushed_entry_id = 6;
  EXPECT_TRUE(ctx->UpdateManifest(RoleState::kWritable, {fresh}, false, &v).ok());
}

TEST_F(ManifestContextTest, GracefulLeaderOnWritableBackfillsTheFetchedPartitionExpr) {
  auto ctx = NewContext(RoleState::kWritable);
  VersionControl version;
  version.Update([](VersionData& d) { d.partition_expr = 1; });
  ASSERT_TRUE(ctx->SetRoleStateGracefully(model::GracefulTarget::kLeader, &version).ok());
  auto events = recorder_.TakeEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actions[0].kind, model::ActionKind::kChange);
  EXPECT_EQ(ctx->LiveManifest().partition_expr, 1);
  // The live manifest has it now: no second backfill.
  ASSERT_TRUE(ctx->SetRoleStateGracefully(model::GracefulTarget::kLeader, &version).ok());
  EXPECT_TRUE(recorder_.TakeEvents().empty());
}

TEST_F(ManifestContextTest, SetRoleIsLockFreeAndFollowsTheTransitionTable) {
  auto ctx = NewContext(RoleState::kWritable);
  ctx->SetRole(RoleState::kDowngrading);
  EXPECT_EQ(ctx->state(), RoleState::kDowngrading);
  ctx->SetRole(RoleState::kDowngrading);
  ctx->SetRole(RoleState::kFollower);
  ctx->SetRole(RoleState::kDowngrading);  // not from F
  EXPECT_EQ(ctx->state(), RoleState::kFollower);
}

}  // namespace
}  // namespace hookcheck::engine
