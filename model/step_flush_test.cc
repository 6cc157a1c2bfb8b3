// The Flush row of docs/contract.md §2, its faults (§1.6) and its follow-on work (§1.4).
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

TEST(Flush, FlushAfterTwoPutsFiresSfwThenManifestUpdate) {
  Region r;
  EXPECT_EQ(r.Do(Put{3}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Put{5}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
  ASSERT_EQ(r.state.live_files.size(), 1u);
  EXPECT_EQ(r.state.live_files[0].rows, 2u);
  EXPECT_EQ(r.state.live_files[0].min_ts, 3);
  EXPECT_EQ(r.state.live_files[0].max_ts, 5);
  EXPECT_TRUE(r.state.memtable.empty());
}

TEST(Flush, EmptyMemtableFiresNothing) {
  Region r;
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().manifest_version, 0u);
}

TEST(Flush, FollowerRefusesPutAndFlush) {
  Region r;
  r.Do(Put{1});
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Put{1}), Expect(ErrorCode::kRegionState));
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kRegionState));
}

TEST(Flush, DowngradingRefusesPutButFlushCommits) {
  Region r;
  r.Do(Put{1});
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(Put{2}), Expect(ErrorCode::kRegionState));
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
  EXPECT_EQ(r.Seen().role, RoleState::kDowngrading);
}

TEST(Flush, SstWriteFailureFiresNothingKeepsMemtableAndConsumesTheFileId) {
  Region r;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, Fails(FaultKind::kSstWriteFails)), Expect(ErrorCode::kStorage));
  EXPECT_EQ(r.state.memtable.size(), 1u);
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({2}, "flush"), Mu(1, {EditA({2})}, "flush")}));
}

TEST(Flush, SaveFailureFiresSfwOnlyAndTheNextManifestUpdateSkipsAVersion) {
  Region r;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, Fails(FaultKind::kSaveFails)),
            Expect(ErrorCode::kStorage, {Sfw({1}, "flush")}));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({2}, "flush"), Mu(2, {EditA({2})}, "flush")}));
}

TEST(Flush, RebuildFailurePersistsTheFileForOpenButFiresNoManifestUpdate) {
  Region r;
  r.config.skip_wal = true;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, Fails(FaultKind::kRebuildFails)),
            Expect(ErrorCode::kUnexpected, {Sfw({1}, "flush")}));
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.state.memtable.size(), 1u);  // FlushFailed keeps the memtable
  // Close with the no-op WAL flushes the kept rows again.
  EXPECT_EQ(r.Do(Close{}),
            Expect(ErrorCode::kOk, {Sfw({2}, "flush"), Mu(2, {EditA({2})}, "flush")}));
  EXPECT_EQ(r.Do(Open{}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2}));
  EXPECT_EQ(r.Seen().manifest_version, 2u);
}

TEST(Flush, RoleChangeToFollowerBeforeCommitFiresSfwAndNoManifestUpdate) {
  Region r;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, RoleChange(RoleState::kFollower)),
            Expect(ErrorCode::kRegionState, {Sfw({1}, "flush")}));
  EXPECT_EQ(r.Seen().role, RoleState::kFollower);
  EXPECT_EQ(r.Seen().manifest_version, 0u);  // the predicate failed before a version was taken
  EXPECT_EQ(r.state.memtable.size(), 1u);
}

TEST(Flush, RoleChangeToDowngradingBeforeCommitStillCommits) {
  Region r;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, RoleChange(RoleState::kDowngrading)),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
  EXPECT_EQ(r.Seen().role, RoleState::kDowngrading);
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
}

TEST(Flush, FlushStartedInDowngradingFailsWhenTheRoleBecomesWritable) {
  Region r;
  r.Do(Put{1});
  r.Do(SetRole{RoleState::kDowngrading});
  // Reason Downgrading: the commit needs exactly Dg.
  EXPECT_EQ(r.Do(Flush{}, RoleChange(RoleState::kWritable)),
            Expect(ErrorCode::kRegionState, {Sfw({1}, "flush")}));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
}

TEST(Flush, StagingFlushFiresManifestUpdateToTheStagingDir) {
  Region r;
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 2});
  r.Do(Put{4});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(2, {EditA({1})}, "flush")}));
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(2), EditA({1})}));
}

TEST(Flush, StagingFlushUnderV3FiresSfwOnly) {
  Region r;
  r.config.contract = ContractVersion::kStagingSuppressed;
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 2});
  r.Do(Put{4});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk, {Sfw({1}, "flush")}));
  EXPECT_EQ(r.Seen().manifest_version, 2u);  // the write still happened
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(2), EditA({1})}));
}

TEST(Flush, StaleIsStagingFlushWritesToTheStagingDirAfterLeavingStaging) {
  Region r;
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  r.Do(Put{4});
  EXPECT_EQ(r.Do(Flush{}, RoleChange(RoleState::kWritable)),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(2, {EditA({1})}, "flush")}));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_TRUE(r.Seen().live_files.empty());  // the data became invisible
  EXPECT_TRUE(r.state.memtable.empty());
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(1), EditA({1})}));
}

TEST(Flush, AsyncIndexBuildsTheFlushedFileAfterTheFlush) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush"),
                                                   Mu(2, {EditA({1})}, "index", 1)}));
  EXPECT_FALSE(r.state.live_files[0].needs_index);
  // The index is current: a manual build finds nothing to do.
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));
}

TEST(Flush, AutoCompactionFollowsTheFlushThatReachesTheThreshold) {
  Region r;
  r.config.auto_compact_threshold = 2;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
  r.Do(Put{6});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({2}, "flush"), Mu(2, {EditA({2})}, "flush"),
                                    Sfw({3}, "merge"), Mu(3, {EditA({3}, {1, 2})}, "merge")}));
  ASSERT_EQ(r.state.live_files.size(), 1u);
  EXPECT_EQ(r.state.live_files[0].rows, 2u);
  EXPECT_EQ(r.state.live_files[0].min_ts, 1);
  EXPECT_EQ(r.state.live_files[0].max_ts, 6);
}

TEST(Flush, AsyncIndexAndAutoCompactionRunInContractOrder) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  r.config.auto_compact_threshold = 2;
  r.Do(Put{1});
  r.Do(Flush{});  // v1 flush, v2 index
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk,
                   {Sfw({2}, "flush"), Mu(3, {EditA({2})}, "flush"),
                    Mu(4, {EditA({2})}, "index", 1), Sfw({3}, "merge"),
                    Mu(5, {EditA({3}, {1, 2})}, "merge"), Mu(6, {EditA({3})}, "index", 2)}));
}

TEST(Flush, StagingFlushHasNoFollowOnWork) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  r.config.auto_compact_threshold = 2;
  r.Do(EditRegion{2, 0, 1, 0});  // v1 edit, then auto compaction v2; index builds v3, v4
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  r.Do(Put{1});
  const Expectation e = r.Do(Flush{});
  ASSERT_EQ(e.calls.size(), 2u);
  EXPECT_EQ(e.calls[1].why, "flush");
}

TEST(Flush, DowngradingFlushAutoCompactsButBuildsNoIndex) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  r.config.auto_compact_threshold = 2;
  r.Do(CopyRegion{1});  // v1, file 1001 (index not built: copy triggers no follow-on)
  r.Do(Put{3});
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(2, {EditA({1})}, "flush"),
                                    Sfw({2}, "merge"), Mu(3, {EditA({2}, {1, 1001})}, "merge")}));
}

}  // namespace
}  // namespace hookcheck::model
