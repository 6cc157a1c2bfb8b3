// The Close, Open, Create, Drop, FollowerSync, Gc and Checkpoint rows of docs/contract.md §2,
// and the counter read-back of §1.1.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

TEST(Close, CloseFlushesTheMemtableWithANoopWal) {
  Region r;
  r.config.skip_wal = true;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Close{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
  EXPECT_EQ(r.Seen().presence, Presence::kClosed);
  EXPECT_EQ(r.Do(Open{}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kFollower);
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(Close, StagingCloseFlushesToTheStagingDir) {
  Region r;
  r.config.skip_wal = true;
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Close{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(2, {EditA({1})}, "flush")}));
  r.Do(Open{});
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.Seen().manifest_version, 0u);  // staging versions are forgotten
  // The staging deltas are still in the staging dir: only the next clear removes them.
  EXPECT_EQ(r.Seen().staged_actions, (std::vector<Action>{ExprA(1), EditA({1})}));
  r.Do(Catchup{true});
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  EXPECT_TRUE(r.Seen().staged_actions.empty());
}

TEST(Close, AFailedCloseFlushIsTheResultAndTheRegionStaysOpen) {
  Region r;
  r.config.skip_wal = true;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Close{}, Fails(FaultKind::kSstWriteFails)), Expect(ErrorCode::kStorage));
  EXPECT_EQ(r.Seen().presence, Presence::kOpen);
}

TEST(Close, FollowerCloseDoesNotFlushAndLosesTheMemtable) {
  Region r;
  r.config.skip_wal = true;
  r.Do(Put{2});
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Close{}), Expect(ErrorCode::kOk));
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));  // nothing to flush
}

TEST(Close, WithoutANoopWalTheMemtableSurvivesCloseAndOpen) {
  Region r;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Close{}), Expect(ErrorCode::kOk));
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
}

TEST(Close, WalReplaySkipsRowsThePersistedManifestFlushed) {
  Region r;
  r.Do(Put{2});
  r.Do(Flush{}, Fails(FaultKind::kRebuildFails));  // persisted, memtable kept
  r.Do(Put{7});
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.state.memtable, (std::vector<uint8_t>{7}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
}

TEST(Close, ClosingAClosedOrDroppedRegionIsOk) {
  Region r;
  r.Do(Close{});
  EXPECT_EQ(r.Do(Close{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kRegionNotFound));
  EXPECT_EQ(r.Do(Put{1}), Expect(ErrorCode::kRegionNotFound));
  // Erratum 15: Create on a closed region reopens it as a Writable leader, with no hook.
  EXPECT_EQ(r.Do(Create{}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().presence, Presence::kOpen);
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
}

TEST(Open, OpenReadsTheCounterBackFromTheLiveDir) {
  Region r;
  r.Do(EditRegion{1, 0, 1, 0});                                // v1 live
  r.Do(EditRegion{1, 0, 1, 0}, Fails(FaultKind::kSaveFails));  // v2 consumed
  EXPECT_EQ(r.Seen().manifest_version, 2u);
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().manifest_version, 1u);
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(CopyRegion{1}), Expect(ErrorCode::kOk, {Mu(2, {EditA({1001})}, "copy")}));
  // The file-id counter is not reset by a reopen.
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 0}).calls.front().actions, (std::vector<Action>{EditA({3})}));
}

TEST(Open, OpeningAnOpenRegionIsOkAndADroppedOneIsNotFound) {
  Region r;
  EXPECT_EQ(r.Do(Open{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  r.Do(Drop{});
  EXPECT_EQ(r.Do(Open{}), Expect(ErrorCode::kRegionNotFound));
}

TEST(Drop, DropFiresNothingAndCreateStartsAFreshRegion) {
  Region r;
  r.Do(EditRegion{2, 0, 1, 0});
  // Erratum 15: Create on an open region is Ok and changes nothing.
  const RegionState before = r.state;
  EXPECT_EQ(r.Do(Create{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.state, before);
  EXPECT_EQ(r.Do(Drop{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().presence, Presence::kDropped);
  EXPECT_EQ(r.Do(Put{1}), Expect(ErrorCode::kRegionNotFound));
  EXPECT_EQ(r.Do(Create{}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.state, InitialState());
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 0}), Expect(ErrorCode::kOk, {Mu(1, {EditA({1})}, "edit")}));
}

TEST(Drop, FollowerAndDowngradingAreRefused) {
  Region r;
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(Drop{}), Expect(ErrorCode::kRegionState));
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Drop{}), Expect(ErrorCode::kRegionState));
  EXPECT_EQ(r.Seen().presence, Presence::kOpen);
}

// Erratum 18: install_manifest_to reads only deltas above the manager's counter. The edit whose
// rebuild failed is v1, and the counter already consumed v1: it is not installed (Open would).
TEST(FollowerSync, InstallsOnlyDeltasAboveTheCounterOnAFollowerOnly) {
  Region r;
  r.Do(EditRegion{1, 0, 1, 0}, Fails(FaultKind::kRebuildFails));
  EXPECT_EQ(r.Do(FollowerSync{}), Expect(ErrorCode::kRegionState));
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(FollowerSync{}), Expect(ErrorCode::kOk));
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.Seen().manifest_version, 1u);
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
}

TEST(GcAndCheckpoint, FireNothingAndConsumeNoVersion) {
  Region r;
  const RegionState before = r.state;
  EXPECT_EQ(r.Do(Gc{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Checkpoint{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.state, before);
  r.Do(Close{});
  EXPECT_EQ(r.Do(Gc{}), Expect(ErrorCode::kRegionNotFound));
}

TEST(Faults, AFaultIsDisarmedWhenTheOpEnds) {
  Region r;
  // No manifest write in a Put: the save fault is never used, and the next op is clean.
  EXPECT_EQ(r.Do(Put{1}, Fails(FaultKind::kSaveFails)), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
}

}  // namespace
}  // namespace hookcheck::model
