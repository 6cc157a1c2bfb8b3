// The EditRegion, CopyRegion, Alter, Truncate and BuildIndex rows of docs/contract.md §2.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

Action TruncAll() { return Action{.kind = ActionKind::kTruncateAll}; }
Action TruncPartial(std::vector<FileId> files) {
  return Action{.kind = ActionKind::kTruncatePartial, .remove = std::move(files)};
}

TEST(EditRegion, EditFiresOneManifestUpdateAndNoSfw) {
  Region r;
  EXPECT_EQ(r.Do(EditRegion{2, 0, 1, 0}), Expect(ErrorCode::kOk, {Mu(1, {EditA({1, 2})}, "edit")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2}));
}

TEST(EditRegion, RemovesTheLowestIdLiveFiles) {
  Region r;
  r.Do(EditRegion{3, 0, 1, 0});
  EXPECT_EQ(r.Do(EditRegion{1, 2, 1, 0}),
            Expect(ErrorCode::kOk, {Mu(2, {EditA({4}, {1, 2})}, "edit")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3, 4}));
}

TEST(EditRegion, QueuedRawEditsMergeIntoOneManifestUpdate) {
  Region r;
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 2}),
            Expect(ErrorCode::kOk,
                   {Mu(1, {EditA({1})}, "edit"), Mu(2, {EditA({2, 3})}, "queued edits")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2, 3}));
}

TEST(EditRegion, EmptyEditIsInvalidEvenOnAClosedRegion) {
  Region r;
  EXPECT_EQ(r.Do(EditRegion{0, 1, 1, 0}), Expect(ErrorCode::kInvalidRequest));  // no live file
  r.Do(Close{});
  EXPECT_EQ(r.Do(EditRegion{0, 0, 1, 3}), Expect(ErrorCode::kInvalidRequest));
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 0}), Expect(ErrorCode::kRegionNotFound));
}

TEST(EditRegion, FollowerAndDowngradingAnswerRegionBusy) {
  Region r;
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(EditRegion{}), Expect(ErrorCode::kRegionBusy));
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(EditRegion{}), Expect(ErrorCode::kRegionBusy));
}

TEST(EditRegion, StagingEditIsStagedNotApplied) {
  Region r;
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 0}), Expect(ErrorCode::kOk, {Mu(2, {EditA({1})}, "edit")}));
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(1), EditA({1})}));
}

TEST(EditRegion, StagingEditUnderV3FiresNothing) {
  Region r;
  r.config.contract = ContractVersion::kStagingSuppressed;
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 0}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().manifest_version, 2u);
}

TEST(EditRegion, NonStagingEditThatAddsFilesIsFollowedByAutoCompaction) {
  Region r;
  r.config.auto_compact_threshold = 2;
  EXPECT_EQ(r.Do(EditRegion{2, 0, 1, 0}),
            Expect(ErrorCode::kOk, {Mu(1, {EditA({1, 2})}, "edit"), Sfw({3}, "merge"),
                                    Mu(2, {EditA({3}, {1, 2})}, "merge")}));
}

TEST(EditRegion, EditBatchRunsFollowOnWorkOnceAfterTheBatch) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  r.config.auto_compact_threshold = 2;
  // Erratum 14: an edit never triggers an index build, in async mode too; the one compaction
  // after the batch does, for its output.
  EXPECT_EQ(
      r.Do(EditRegion{1, 0, 1, 1}),
      Expect(ErrorCode::kOk,
             {Mu(1, {EditA({1})}, "edit"), Mu(2, {EditA({2})}, "queued edits"), Sfw({3}, "merge"),
              Mu(3, {EditA({3}, {1, 2})}, "merge"), Mu(4, {EditA({3})}, "index", 1)}));
}

TEST(EditRegion, ZeroRowFilesGetNoIndexManifestUpdate) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  EXPECT_EQ(r.Do(EditRegion{1, 0, 0, 0}), Expect(ErrorCode::kOk, {Mu(1, {EditA({1})}, "edit")}));
}

TEST(EditRegion, SaveFailureStrikesOnlyTheFirstEditOfTheBatch) {
  Region r;
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 1}, Fails(FaultKind::kSaveFails)),
            Expect(ErrorCode::kStorage, {Mu(2, {EditA({2})}, "queued edits")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{2}));
}

TEST(EditRegion, RebuildFailureFiresNothingButOpenLaterSeesTheFile) {
  Region r;
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 0}, Fails(FaultKind::kRebuildFails)),
            Expect(ErrorCode::kUnexpected));
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.Seen().manifest_version, 1u);
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(CopyRegion, CopiesTheSourceFilesNotYetLive) {
  Region r;
  EXPECT_EQ(r.Do(CopyRegion{2}), Expect(ErrorCode::kOk, {Mu(1, {EditA({1001, 1002})}, "copy")}));
  EXPECT_EQ(r.Do(CopyRegion{3}), Expect(ErrorCode::kOk, {Mu(2, {EditA({1003})}, "copy")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1001, 1002, 1003}));
}

TEST(CopyRegion, NothingNewToCopyFiresNothing) {
  Region r;
  r.Do(CopyRegion{2});
  EXPECT_EQ(r.Do(CopyRegion{2}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(CopyRegion, StagingIsRefused) {
  Region r;
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_EQ(r.Do(CopyRegion{1}), Expect(ErrorCode::kRegionState));
}

TEST(Alter, SchemaChangeFlushesFirstThenFiresChange) {
  Region r;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Alter{AlterKind::kAddColumn}),
            Expect(ErrorCode::kOk,
                   {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush"), Mu(2, {ChangeA()}, "alter")}));
  EXPECT_EQ(r.Do(Alter{AlterKind::kFormat}), Expect(ErrorCode::kOk, {Mu(3, {ChangeA()}, "alter")}));
}

TEST(Alter, OptionsOnlyAndNoopAltersFireNothingEvenWithData) {
  Region r;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Alter{AlterKind::kOptionsOnly}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Alter{AlterKind::kNoop}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.state.memtable.size(), 1u);
}

TEST(Alter, FailedPreFlushIsTheResultAndNoChangeIsWritten) {
  Region r;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Alter{AlterKind::kAddColumn}, Fails(FaultKind::kSaveFails)),
            Expect(ErrorCode::kStorage, {Sfw({1}, "flush")}));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(Alter, StagingFollowerAndDowngradingAreRefused) {
  Region r;
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(Alter{}), Expect(ErrorCode::kRegionState));
  r.Do(SetRole{RoleState::kWritable});
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_EQ(r.Do(Alter{}), Expect(ErrorCode::kRegionState));
}

TEST(Alter, SetIndexesWithAsyncIndexRebuildsEveryLiveFileWithRows) {
  Region r;
  r.Do(EditRegion{2, 0, 1, 0});  // files 1, 2 (v1)
  r.Do(EditRegion{1, 0, 0, 0});  // file 3, no rows (v2)
  r.config.index_mode = IndexMode::kAsync;
  EXPECT_EQ(r.Do(Alter{AlterKind::kSetIndexes}),
            Expect(ErrorCode::kOk, {Mu(3, {ChangeA()}, "alter"), Mu(4, {EditA({1})}, "index", 1),
                                    Mu(5, {EditA({2})}, "index", 1)}));
}

TEST(Truncate, TruncateAllFiresAndClearsFilesAndMemtable) {
  Region r;
  r.Do(EditRegion{2, 0, 1, 0});
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Truncate{true, 0, 15}), Expect(ErrorCode::kOk, {Mu(2, {TruncAll()}, "truncate")}));
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_TRUE(r.state.memtable.empty());
  EXPECT_EQ(r.state.truncated_entry_id, std::optional<uint64_t>(1));
  // A later flush carries newer entries and passes the truncation check.
  r.Do(Put{3});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({3}, "flush"), Mu(3, {EditA({3})}, "flush")}));
}

TEST(Truncate, PartialTruncateRemovesFilesWhollyInsideTheRange) {
  Region r;
  r.Do(Put{2});
  r.Do(Flush{});  // file 1: ts 2..2
  r.Do(Put{4});
  r.Do(Put{9});
  r.Do(Flush{});  // file 2: ts 4..9
  EXPECT_EQ(r.Do(Truncate{false, 0, 5}),
            Expect(ErrorCode::kOk, {Mu(3, {TruncPartial({1})}, "truncate")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{2}));
  EXPECT_EQ(r.Do(Truncate{false, 5, 8}), Expect(ErrorCode::kOk));  // nothing wholly inside
}

TEST(BuildIndex, OneManifestUpdatePerNonEmptyFileInAnyOrder) {
  Region r;
  r.Do(EditRegion{2, 0, 1, 0});  // files 1, 2
  r.Do(EditRegion{1, 0, 0, 0});  // file 3, empty index output
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(3, {EditA({1})}, "index", 1),
                                                        Mu(4, {EditA({2})}, "index", 1)}));
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));  // now current
}

// Erratum 20: with one slot, file 2's build waits for file 1's; file 1's failed manifest write
// fails it (no MU) and the request answers the write's error.
TEST(BuildIndex, AFailedBuildFailsTheBuildsWaitingForASlot) {
  Region r;
  r.Do(EditRegion{2, 0, 1, 0});
  EXPECT_EQ(r.Do(BuildIndex{}, Fails(FaultKind::kSaveFails)), Expect(ErrorCode::kStorage));
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(3, {EditA({1})}, "index", 1),
                                                        Mu(4, {EditA({2})}, "index", 1)}));
}

// With two slots file 2's build is already running when file 1's fails: it goes on, and the
// failed build alone reports Ok to the request.
TEST(BuildIndex, ABuildAlreadyRunningOutlivesTheFailure) {
  Region r;
  r.config.index_build_slots = 2;
  r.Do(EditRegion{2, 0, 1, 0});
  EXPECT_EQ(r.Do(BuildIndex{}, Fails(FaultKind::kSaveFails)),
            Expect(ErrorCode::kOk, {Mu(3, {EditA({2})}, "index", 1)}));
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(4, {EditA({1})}, "index", 1)}));
}

TEST(BuildIndex, ASingleFailedBuildAnswersOk) {
  Region r;
  r.Do(EditRegion{1, 0, 1, 0});
  EXPECT_EQ(r.Do(BuildIndex{}, Fails(FaultKind::kRebuildFails)), Expect(ErrorCode::kOk));
}

TEST(BuildIndex, StagingAbortsAndDowngradingIsRefused) {
  Region r;
  r.Do(EditRegion{1, 0, 1, 0});
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kRegionState));
  r.Do(SetRole{RoleState::kWritable});
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));
}

}  // namespace
}  // namespace hookcheck::model
