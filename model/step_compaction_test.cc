// The CompactLocal and CompactRemote rows of docs/contract.md §2 and the picker of §1.5.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

TEST(CompactLocal, TtlCompactionFiresTtlManifestUpdateThenSfwThenMerge) {
  Region r = WithFlushedFiles({1, 5, 9});
  EXPECT_EQ(r.Do(CompactLocal{3, 0, false, false}),
            Expect(ErrorCode::kOk, {Mu(4, {EditA({}, {1})}, "ttl"), Sfw({4}, "merge"),
                                    Mu(5, {EditA({4}, {2, 3})}, "merge")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{4}));
}

TEST(CompactLocal, TtlOnlyPickFiresEmptySfwAndEmptyMergeEdit) {
  Region r = WithFlushedFiles({1, 9});
  EXPECT_EQ(r.Do(CompactLocal{3, 0, false, false}),
            Expect(ErrorCode::kOk, {Mu(3, {EditA({}, {1})}, "ttl"), Sfw({}, "merge"),
                                    Mu(4, {EditA({})}, "merge")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{2}));
}

TEST(CompactLocal, OneFailedOutputIsSkippedAndKeepsItsInputs) {
  Region r = WithFlushedFiles({1, 2, 3, 4});
  EXPECT_EQ(r.Do(CompactLocal{0, 0b01, false, false}),
            Expect(ErrorCode::kOk, {Sfw({6}, "merge"), Mu(5, {EditA({6}, {3, 4})}, "merge")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2, 6}));
  // The failed output consumed id 5: the next flush writes file 7.
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}).calls.front(), Sfw({7}, "flush"));
}

TEST(CompactLocal, AllOutputsFailedStillFireSfwAndAnEmptyEdit) {
  Region r = WithFlushedFiles({1, 2, 3});
  EXPECT_EQ(r.Do(CompactLocal{0, 0xFF, false, false}),
            Expect(ErrorCode::kOk, {Sfw({}, "merge"), Mu(4, {EditA({})}, "merge")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2, 3}));
}

TEST(CompactLocal, OddInputCountLeavesASingleLastOutput) {
  Region r = WithFlushedFiles({1, 2, 3});
  EXPECT_EQ(
      r.Do(CompactLocal{}),
      Expect(ErrorCode::kOk, {Sfw({4, 5}, "merge"), Mu(4, {EditA({4, 5}, {1, 2, 3})}, "merge")}));
}

TEST(CompactLocal, CrashedMergeFiresTheTtlUpdateButNoSfwAndNoMerge) {
  Region r = WithFlushedFiles({1, 5, 9});
  EXPECT_EQ(r.Do(CompactLocal{3, 0, true, false}),
            Expect(ErrorCode::kCompactionFailed, {Mu(4, {EditA({}, {1})}, "ttl")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{2, 3}));
}

TEST(CompactLocal, BudgetFailureFiresNothing) {
  Region r = WithFlushedFiles({1, 5, 9});
  EXPECT_EQ(r.Do(CompactLocal{3, 0, false, true}), Expect(ErrorCode::kCompactionFailed));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

TEST(CompactLocal, NothingToPickFiresNothing) {
  Region r = WithFlushedFiles({5});
  EXPECT_EQ(r.Do(CompactLocal{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(CompactLocal{2, 0, false, false}), Expect(ErrorCode::kOk));  // 5 is not < 2
}

TEST(CompactLocal, StagingSkipsAndFollowerOrDowngradingRefuse) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_EQ(r.Do(CompactLocal{}), Expect(ErrorCode::kOk));
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(CompactLocal{}), Expect(ErrorCode::kRegionState));
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(CompactLocal{}), Expect(ErrorCode::kRegionState));
}

TEST(CompactLocal, RoleChangeToFollowerBeforeCommitFiresSfwWithoutMerge) {
  Region r = WithFlushedFiles({1, 2});
  EXPECT_EQ(r.Do(CompactLocal{}, RoleChange(RoleState::kFollower)),
            Expect(ErrorCode::kRegionState, {Sfw({3}, "merge")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2}));
}

TEST(CompactLocal, SaveFailureOfTheTtlStepIsSwallowed) {
  Region r = WithFlushedFiles({1, 5, 9});
  EXPECT_EQ(r.Do(CompactLocal{3, 0, false, false}, Fails(FaultKind::kSaveFails)),
            Expect(ErrorCode::kOk, {Sfw({4}, "merge"), Mu(5, {EditA({4}, {2, 3})}, "merge")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 4}));  // the expired file stayed
}

TEST(CompactLocal, ManualCompactionOutputsGetAsyncIndexBuilds) {
  Region r = WithFlushedFiles({1, 2});
  r.config.index_mode = IndexMode::kAsync;
  // Erratum 14: every finished compaction, manual too, queues its outputs' index builds.
  EXPECT_EQ(r.Do(CompactLocal{}),
            Expect(ErrorCode::kOk, {Sfw({3}, "merge"), Mu(3, {EditA({3}, {1, 2})}, "merge"),
                                    Mu(4, {EditA({3})}, "index", 1)}));
}

TEST(CompactLocal, SyncModeOutputsAreIndexedInline) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(CompactLocal{});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));  // erratum 13: nothing to build
}

TEST(CompactRemote, CompactorFiresSfwAndManifestUpdateWithItsOwnVersion) {
  Region r = WithFlushedFiles({1, 2});
  r.config.remote_counter = RemoteCounter::kClosed;  // the datanode's counter follows
  EXPECT_EQ(r.Do(CompactRemote{true, 0}),
            Expect(ErrorCode::kOk, {Sfw({3}, "remote merge", true),
                                    Mu(3, {EditA({3}, {1, 2})}, "remote merge", 0, true)}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

TEST(CompactRemote, VersionIsThePersistedLiveMaxPlusOne) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(Put{3});
  r.Do(Flush{}, Fails(FaultKind::kSaveFails));  // consumes v3, persists nothing
  const Expectation e = r.Do(CompactRemote{true, 0});
  ASSERT_EQ(e.calls.size(), 2u);
  EXPECT_EQ(e.calls[1].version, 3u);
  EXPECT_EQ(r.Seen().manifest_version, 3u);  // max(counter 3, compactor's 3)
  // The datanode's next write goes on from its own counter.
  r.Do(Put{4});
  EXPECT_EQ(r.Do(Flush{}).calls[1].version, 4u);
}

TEST(CompactRemote, ExpiredFilesTravelInTheSingleEdit) {
  Region r = WithFlushedFiles({1, 5, 9});
  EXPECT_EQ(r.Do(CompactRemote{true, 3}),
            Expect(ErrorCode::kOk, {Sfw({4}, "remote merge", true),
                                    Mu(4, {EditA({4}, {1, 2, 3})}, "remote merge", 0, true)}));
}

TEST(CompactRemote, WithoutPluginsNothingFiresButTheEditApplies) {
  Region r = WithFlushedFiles({1, 2});
  r.config.remote_counter = RemoteCounter::kClosed;
  EXPECT_EQ(r.Do(CompactRemote{false, 0}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

// The datanode picks on its version and sends the pick (schedule_compaction_request): a file
// only the live dir holds is not a candidate.
TEST(CompactRemote, PicksFromTheDatanodesVersion) {
  Region r = WithFlushedFiles({1});
  r.Do(EditRegion{1, 0, 1, 0}, Fails(FaultKind::kRebuildFails));  // file 2 persisted only
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
  EXPECT_EQ(r.Do(CompactRemote{true, 0}), Expect(ErrorCode::kOk));
  r.Do(Put{4});
  r.Do(Flush{});  // file 3, v3
  EXPECT_EQ(r.Do(CompactRemote{true, 0}),
            Expect(ErrorCode::kOk, {Sfw({4}, "remote merge", true),
                                    Mu(4, {EditA({4}, {1, 3})}, "remote merge", 0, true)}));
}

TEST(CompactRemote, StagingAnswersOkAndSkipsFollowerIsRefused) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_EQ(r.Do(CompactRemote{}), Expect(ErrorCode::kOk));  // erratum 21
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2}));
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(CompactRemote{}), Expect(ErrorCode::kRegionState));
}

}  // namespace
}  // namespace hookcheck::model
