// The EnterStaging, Remap, ApplyStaging, SetRole, SetRoleGracefully and Catchup rows of
// docs/contract.md §2 (hook-paths.md §4), under both contract versions.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

constexpr auto kUpdate = StagingDirective::kUpdatePartitionExpr;
constexpr auto kReject = StagingDirective::kRejectAllWrites;

TEST(EnterStaging, UpdatePartitionExprFiresStagingManifestUpdateUnderSeed) {
  Region r;
  EXPECT_EQ(r.Do(EnterStaging{kUpdate, 2}),
            Expect(ErrorCode::kOk, {Mu(1, {ExprA(2)}, "enter staging")}));
  EXPECT_EQ(r.Seen().role, RoleState::kStaging);
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(2)}));
  EXPECT_EQ(r.Seen().live_partition_expr, 0);
}

TEST(EnterStaging, UnderV3TheWriteHappensButNothingFires) {
  Region r;
  r.config.contract = ContractVersion::kStagingSuppressed;
  EXPECT_EQ(r.Do(EnterStaging{kUpdate, 2}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(EnterStaging, DataInTheMemtableIsFlushedLiveFirst) {
  Region r;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(EnterStaging{kUpdate, 1}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush"),
                                    Mu(2, {ExprA(1)}, "enter staging")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
}

TEST(EnterStaging, RejectAllWritesWritesNothingAndRefusesPuts) {
  Region r;
  EXPECT_EQ(r.Do(EnterStaging{kReject, 0}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kStaging);
  EXPECT_EQ(r.Seen().manifest_version, 0u);
  EXPECT_EQ(r.Do(Put{1}), Expect(ErrorCode::kRegionState));
  EXPECT_EQ(r.Do(ApplyStaging{1}), Expect(ErrorCode::kPartitionMismatch));
}

TEST(EnterStaging, SameDirectiveIsOkOtherwiseMismatch) {
  Region r;
  r.Do(EnterStaging{kUpdate, 2});
  EXPECT_EQ(r.Do(EnterStaging{kUpdate, 2}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(EnterStaging{kUpdate, 3}), Expect(ErrorCode::kPartitionMismatch));
  EXPECT_EQ(r.Do(EnterStaging{kReject, 0}), Expect(ErrorCode::kPartitionMismatch));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(EnterStaging, RegionStagedByStagingLeaderHasNoDirective) {
  Region r;
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_EQ(r.Do(EnterStaging{kUpdate, 1}), Expect(ErrorCode::kPartitionMismatch));
  EXPECT_EQ(r.Do(EnterStaging{kReject, 0}), Expect(ErrorCode::kPartitionMismatch));
}

TEST(EnterStaging, AFailedWriteGoesBackToWritable) {
  Region r;
  EXPECT_EQ(r.Do(EnterStaging{kUpdate, 1}, Fails(FaultKind::kSaveFails)),
            Expect(ErrorCode::kStorage));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(ApplyStaging, ApplyStagingFiresManifestUpdateTwice) {
  Region r;
  r.Do(EnterStaging{kUpdate, 1});  // v1
  r.Do(Put{4});
  r.Do(Flush{});                                      // file 1, staged at v2
  EXPECT_EQ(r.Do(Remap{2}), Expect(ErrorCode::kOk));  // files 2, 3
  EXPECT_EQ(r.Do(ApplyStaging{1}),
            Expect(ErrorCode::kOk, {Mu(3, {EditA({2, 3})}, "staging edit"),
                                    Mu(4, {ExprA(1), EditA({1}), EditA({2, 3})}, "promotion")}));
  const Observation o = r.Seen();
  EXPECT_EQ(o.role, RoleState::kWritable);
  EXPECT_EQ(o.live_files, (std::vector<FileId>{1, 2, 3}));
  EXPECT_EQ(o.live_partition_expr, 1);
  EXPECT_TRUE(o.staged_actions.empty());
  // Already applied: idempotent Ok; another expr: RegionState.
  EXPECT_EQ(r.Do(ApplyStaging{1}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(ApplyStaging{2}), Expect(ErrorCode::kRegionState));
}

TEST(ApplyStaging, UnderV3OnlyThePromotionFires) {
  Region r;
  r.config.contract = ContractVersion::kStagingSuppressed;
  r.Do(EnterStaging{kUpdate, 1});
  r.Do(Remap{1});
  EXPECT_EQ(r.Do(ApplyStaging{1}),
            Expect(ErrorCode::kOk, {Mu(3, {ExprA(1), EditA({1})}, "promotion")}));
}

TEST(ApplyStaging, EmptyRemapBlobStillFiresAnEmptyEdit) {
  Region r;
  r.Do(EnterStaging{kUpdate, 3});
  r.Do(Remap{0});
  EXPECT_EQ(r.Do(ApplyStaging{3}),
            Expect(ErrorCode::kOk, {Mu(2, {EditA({})}, "staging edit"),
                                    Mu(3, {ExprA(3), EditA({})}, "promotion")}));
}

TEST(ApplyStaging, RefusalsFireNothing) {
  Region r;
  r.Do(EnterStaging{kUpdate, 1});
  EXPECT_EQ(r.Do(ApplyStaging{1}), Expect(ErrorCode::kStorage));  // no remap blob
  EXPECT_EQ(r.Do(ApplyStaging{2}), Expect(ErrorCode::kPartitionMismatch));
  r.Do(Remap{1});
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(ApplyStaging{1}), Expect(ErrorCode::kRegionState));
}

TEST(ApplyStaging, RemapReplacesTheOlderBlobAndNeedsStaging) {
  Region r;
  EXPECT_EQ(r.Do(Remap{1}), Expect(ErrorCode::kRegionState));
  r.Do(EnterStaging{kUpdate, 1});
  r.Do(Remap{1});  // file 1
  r.Do(Remap{2});  // files 2, 3
  EXPECT_EQ(r.Do(ApplyStaging{1}).calls.front(), Mu(2, {EditA({2, 3})}, "staging edit"));
}

TEST(ApplyStaging, FailedPromotionStaysStaging) {
  Region r;
  r.Do(EnterStaging{kUpdate, 1});
  r.Do(Remap{1});
  // The fault strikes MU #1 (the first write): nothing fires and the region stays S.
  EXPECT_EQ(r.Do(ApplyStaging{1}, Fails(FaultKind::kSaveFails)), Expect(ErrorCode::kStorage));
  EXPECT_EQ(r.Seen().role, RoleState::kStaging);
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(1)}));
}

TEST(SetRoleGracefully, LeaderFromStagingPromotesEveryStagedAction) {
  Region r;
  r.Do(EnterStaging{kUpdate, 2});  // v1
  r.Do(EditRegion{1, 0, 1, 0});    // file 1 staged, v2
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}),
            Expect(ErrorCode::kOk, {Mu(3, {ExprA(2), EditA({1})}, "promotion")}));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
  EXPECT_EQ(r.Seen().live_partition_expr, 2);
}

TEST(SetRoleGracefully, LeaderWithInvalidStagedActionsFailsAndStaysStaging) {
  Region r;
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  r.Do(EditRegion{1, 0, 1, 0});  // an Edit but no partition change
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}), Expect(ErrorCode::kUnexpected));
  EXPECT_EQ(r.Seen().role, RoleState::kStaging);
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(SetRoleGracefully, LeaderWithNothingStagedExitsWithoutAWrite) {
  Region r;
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Seen().manifest_version, 0u);
}

TEST(SetRoleGracefully, LeaderOnWritableRunsTheBackfillAfterAFetchedOpen) {
  Region r;
  r.Do(Close{});
  r.Do(Open{true});
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}), Expect(ErrorCode::kRegionState));
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}),
            Expect(ErrorCode::kOk, {Mu(1, {ChangeA()}, "backfill")}));
  EXPECT_EQ(r.Seen().live_partition_expr, 1);
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}), Expect(ErrorCode::kOk));
}

TEST(SetRoleGracefully, FollowerAndDowngradingFromStagingDiscardStaging) {
  Region r;
  r.Do(EnterStaging{kUpdate, 1});
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kDowngradingLeader}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kDowngrading);
  // The staged delta stays in the staging dir, never promoted.
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(1)}));
  EXPECT_FALSE(r.state.staging_directive.has_value());
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kDowngradingLeader}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kFollower}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kFollower);
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader}),
            Expect(ErrorCode::kRegionState));
}

TEST(SetRoleGracefully, StagingLeaderClearsTheStagingDir) {
  Region r;
  r.Do(EnterStaging{kUpdate, 1});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Seen().staged_actions.size(), 1u);
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader}), Expect(ErrorCode::kOk));
  EXPECT_TRUE(r.Seen().staged_actions.empty());
  EXPECT_EQ(r.Seen().role, RoleState::kStaging);
}

TEST(SetRole, TransitionsFollowTheLockFreeTable) {
  Region r;
  EXPECT_EQ(r.Do(SetRole{RoleState::kStaging}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);  // not a target: nothing changes
  r.Do(SetRole{RoleState::kFollower});
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Seen().role, RoleState::kFollower);  // Dg only from W or S
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Seen().role, RoleState::kDowngrading);
}

TEST(Catchup, BackfillFiresAfterCloseAndOpenWithFetch) {
  Region r;
  r.Do(EditRegion{1, 0, 1, 0});  // v1
  r.Do(Close{});
  r.Do(Open{true});
  EXPECT_EQ(r.Seen().role, RoleState::kFollower);
  EXPECT_EQ(r.Do(Catchup{false}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Catchup{true}), Expect(ErrorCode::kOk, {Mu(2, {ChangeA()}, "backfill")}));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Seen().live_partition_expr, 1);
  EXPECT_EQ(r.Do(Catchup{true}), Expect(ErrorCode::kOk));  // W: nothing
}

TEST(Catchup, NoBackfillWithoutAFetchedExpr) {
  Region r;
  r.Do(Close{});
  r.Do(Open{false});
  EXPECT_EQ(r.Do(Catchup{true}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Seen().manifest_version, 0u);
}

TEST(Catchup, FailedBackfillIsSwallowed) {
  Region r;
  r.Do(Close{});
  r.Do(Open{true});
  EXPECT_EQ(r.Do(Catchup{true}, Fails(FaultKind::kSaveFails)), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
  EXPECT_EQ(r.Seen().live_partition_expr, 0);
}

TEST(Catchup, NoBackfillWhenTheLiveManifestHasAnExpr) {
  Region r;
  r.Do(EnterStaging{kUpdate, 3});
  r.Do(Remap{0});
  r.Do(ApplyStaging{3});  // live expr 3, v3
  r.Do(Close{});
  r.Do(Open{true});
  r.Do(SetRole{RoleState::kDowngrading});  // not a target from F: stays F
  EXPECT_EQ(r.Do(Catchup{true}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().live_partition_expr, 3);
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

}  // namespace
}  // namespace hookcheck::model
