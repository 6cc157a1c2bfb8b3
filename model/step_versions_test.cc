// Contract versions V2-V5 (hook-paths.md §10, issue 8 item 5): the lifecycle callbacks (V2),
// on_region_gc (V4), and V5's offline cleanup, flush cancellation, conditional index publication
// and discard of unflushed data. Each test runs the same ops under the version that introduces the
// behaviour and under the one before it, so it fails if the version gate is lost either way.
// docs/upstream-notes/v-model.md gives the upstream lines of each decision.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

constexpr ContractVersion kV1 = ContractVersion::kSeed;
constexpr ContractVersion kV2 = ContractVersion::kLifecycle;
constexpr ContractVersion kV3 = ContractVersion::kStagingSuppressed;
constexpr ContractVersion kV4 = ContractVersion::kGc;
constexpr ContractVersion kV5 = ContractVersion::kHead;

Region At(ContractVersion v) {
  Region r;
  r.config.contract = v;
  r.config.payloads = true;  // Do() compares shapes; DoFull() the discard's payload
  return r;
}

// --- V2: lifecycle callbacks ---

TEST(Lifecycle, CreateOfAFreshRegionFiresOpenedFromV2Only) {
  for (ContractVersion v : {kV1, kV2}) {
    Region r = At(v);
    r.Do(Drop{});
    const Expectation want =
        v == kV1 ? Reopens(ErrorCode::kOk)
                 : Reopens(ErrorCode::kOk, {Life(Callback::kRegionOpened, "create")});
    EXPECT_EQ(r.Do(Create{}), want) << Name(v);
  }
}

TEST(Lifecycle, CreateOfAClosedRegionFiresOpenedButOfAnOpenOneNothing) {
  Region r = At(kV2);
  EXPECT_EQ(r.Do(Create{}), Expect(ErrorCode::kOk));  // check_recovered_region: returns early
  r.Do(Close{});
  EXPECT_EQ(r.Do(Create{}), Reopens(ErrorCode::kOk, {Life(Callback::kRegionOpened, "create")}));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
}

TEST(Lifecycle, OpenFiresOpenedAndCloseFiresClosedAfterTheCloseFlush) {
  Region r = At(kV2);
  r.config.skip_wal = true;  // Close flushes first
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Close{}), Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush"),
                                                   Life(Callback::kRegionClosed, "close")}));
  EXPECT_EQ(r.Do(Close{}), Expect(ErrorCode::kOk));  // already closed: no second CLOSED
  EXPECT_EQ(r.Do(Open{}), Reopens(ErrorCode::kOk, {Life(Callback::kRegionOpened, "open")}));
  EXPECT_EQ(r.Do(Open{}), Expect(ErrorCode::kOk));  // already open
}

TEST(Lifecycle, AFailedCloseFlushFiresNoClosed) {
  Region r = At(kV2);
  r.config.skip_wal = true;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Close{}, Fails(FaultKind::kSstWriteFails)), Expect(ErrorCode::kStorage));
}

TEST(Lifecycle, CatchupReopenFiresNoOpened) {
  Region r = At(kV2);
  r.Do(Put{1});
  r.Do(SetRole{RoleState::kFollower});
  // The memtable is not empty, so catch-up reopens the region (a new instance) without a hook.
  EXPECT_EQ(r.Do(Catchup{false}), Reopens(ErrorCode::kOk));
}

TEST(Lifecycle, DropFiresDroppedThenFilesRemovedAndARefusalNothing) {
  Region r = At(kV2);
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Drop{}), Expect(ErrorCode::kRegionState));
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Drop{}),
            Expect(ErrorCode::kOk, {Life(Callback::kRegionDropped, "drop"),
                                    Life(Callback::kRegionFilesRemoved, "drop task")}));
  EXPECT_EQ(r.Do(Drop{}), Expect(ErrorCode::kRegionNotFound));
  EXPECT_EQ(At(kV1).Do(Drop{}), Expect(ErrorCode::kOk));
}

// --- V4: on_region_gc ---

TEST(Gc, AFastPassFiresNothingAFullListingFiresFromV4Only) {
  for (ContractVersion v : {kV3, kV4}) {
    Region r = At(v);
    EXPECT_EQ(r.Do(Gc{false}), Expect(ErrorCode::kOk)) << Name(v);
    const Expectation want =
        v == kV3 ? Expect(ErrorCode::kOk) : Expect(ErrorCode::kOk, {GcCall({}, false, true, "gc")});
    EXPECT_EQ(r.Do(Gc{true}), want) << Name(v);
  }
}

// No file of a check is past its lingering time (docs/contract.md §7.1): even the SST of a
// failed commit is not deleted, and a full listing reports no removed file.
TEST(Gc, NoFileIsOldEnoughSoAPassDeletesNothing) {
  for (ContractVersion v : {kV4, kV5}) {
    Region r = At(v);
    r.Do(Put{1});
    r.Do(Flush{}, Fails(FaultKind::kSaveFails));  // SFW [1], no commit
    r.Do(Put{2});
    r.Do(Flush{}, RoleChange(RoleState::kFollower));
    EXPECT_EQ(r.Do(Gc{false}), Expect(ErrorCode::kOk)) << Name(v);
    EXPECT_EQ(r.Do(Gc{true}), Expect(ErrorCode::kOk, {GcCall({}, false, true, "gc")})) << Name(v);
  }
}

TEST(Gc, ARebuildFailureLeavesNoOrphanSinceTheLiveDirReferencesTheFile) {
  Region r = At(kV4);
  r.Do(Put{1});
  r.Do(Flush{}, Fails(FaultKind::kRebuildFails));
  EXPECT_EQ(r.Do(Gc{true}), Expect(ErrorCode::kOk, {GcCall({}, false, true, "gc")}));
}

TEST(Gc, DropForgetsTheOrphansWithTheDir) {
  Region r = At(kV4);
  r.Do(Put{1});
  r.Do(Flush{}, Fails(FaultKind::kSaveFails));
  r.Do(Drop{});
  r.Do(Create{});
  EXPECT_EQ(r.Do(Gc{true}), Expect(ErrorCode::kOk, {GcCall({}, false, true, "gc")}));
}

// --- V5: offline cleanup ---

TEST(OfflineCleanup, UnsupportedBelowV5) {
  Region r = At(kV4);
  r.Do(Close{});
  EXPECT_EQ(r.Do(OfflineCleanup{}), Expect(ErrorCode::kUnsupported));
  EXPECT_EQ(r.Seen().presence, Presence::kClosed);
}

TEST(OfflineCleanup, RefusedWhileTheRegionIsOpenInAnyRole) {
  for (RoleState role : {RoleState::kWritable, RoleState::kFollower, RoleState::kDowngrading}) {
    Region r = At(kV5);
    r.Do(SetRole{role});
    EXPECT_EQ(r.Do(OfflineCleanup{}), Expect(ErrorCode::kRegionBusy)) << Name(role);
    EXPECT_EQ(r.Seen().presence, Presence::kOpen);
  }
}

TEST(OfflineCleanup, PurgesAClosedRegionAndFiresGcDroppedWithAFullListing) {
  Region r = At(kV5);
  r.Do(Put{1});
  r.Do(Flush{});
  r.Do(Close{});
  EXPECT_EQ(r.Do(OfflineCleanup{}),
            Expect(ErrorCode::kOk, {GcCall({}, true, true, "offline cleanup")}));
  EXPECT_EQ(r.Seen().presence, Presence::kDropped);
  EXPECT_EQ(r.Do(Open{}), Expect(ErrorCode::kRegionNotFound));  // the dir is gone
  // A no-op purge of what is already gone fires all the same.
  EXPECT_EQ(r.Do(OfflineCleanup{}),
            Expect(ErrorCode::kOk, {GcCall({}, true, true, "offline cleanup")}));
}

// --- V5: flush cancellation ---

TEST(FlushCancelled, AtV5SfwFiresNoCommitAndTheMemtableStays) {
  Region r = At(kV5);
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, Fault{FaultKind::kFlushCancelled}),
            Expect(ErrorCode::kCancelled, {Sfw({1}, "flush")}));
  EXPECT_TRUE(r.Seen().live_files.empty());
  EXPECT_EQ(r.Seen().manifest_version, 0u);  // no version consumed
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({2}, "flush"), Mu(1, {EditA({2})}, "flush")}));
  EXPECT_EQ(r.Do(Gc{true}), Expect(ErrorCode::kOk, {GcCall({}, false, true, "gc")}));  // deleted
}

TEST(FlushCancelled, BelowV5TheSiteDoesNotExist) {
  Region r = At(kV4);
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, Fault{FaultKind::kFlushCancelled}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
}

// --- V5: conditional index publication ---

TEST(IndexPublication, AtV5ARoleChangeBeforePublicationIsStaleOkWithoutMu) {
  Region r = At(kV5);
  r.Do(EditRegion{});  // file 1 at v1, written outside the engine: no index
  EXPECT_EQ(r.Do(BuildIndex{}, RoleChange(RoleState::kFollower)), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kFollower);
  EXPECT_EQ(r.Seen().manifest_version, 1u);  // Stale writes nothing, consumes no version
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(2, {EditA({1})}, "index", 1)}));
}

TEST(IndexPublication, AtV5DowngradingStillPublishes) {
  Region r = At(kV5);
  r.Do(EditRegion{});
  EXPECT_EQ(r.Do(BuildIndex{}, RoleChange(RoleState::kDowngrading)),
            Expect(ErrorCode::kOk, {Mu(2, {EditA({1})}, "index", 1)}));
}

TEST(IndexPublication, BelowV5TheIndexBuildHasNoRoleChangeSite) {
  Region r = At(kV4);
  r.Do(EditRegion{});
  EXPECT_EQ(r.Do(BuildIndex{}, RoleChange(RoleState::kFollower)),
            Expect(ErrorCode::kOk, {Mu(2, {EditA({1})}, "index", 1)}));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
}

// After the erratum 23 collision the datanode's version still holds copied file 1, which the
// remote compactor's manifest overwrote away. Below V5 the stale file is rebuilt from the version
// and its edit adds it back; at V5 handle_rebuild_index skips a file the manifest does not hold
// (81a0dd77c7, current_file_meta), so nothing is built.
TEST(IndexPublication, AtV5AVersionFileTheManifestNoLongerHoldsIsNotBuilt) {
  for (ContractVersion v : {kV4, kV5}) {
    Region r = At(v);
    r.Do(CopyRegion{2});
    r.Do(CompactRemote{});
    r.Do(Alter{AlterKind::kSetIndexes});
    const Expectation e = r.Do(BuildIndex{});
    if (v == kV5) {
      EXPECT_EQ(e, Expect(ErrorCode::kOk));
    } else {
      EXPECT_EQ(e.calls.size(), 1u);
      EXPECT_EQ(e.calls.at(0).actions, (std::vector<Action>{EditA({1})}));
    }
  }
}

// With two stale files, a role_change to Dg at the first publication leaves the second build to
// run: the scheduler starts the next pending build whatever the role (on_task_stopped), and Dg
// passes the re-validation.
TEST(IndexPublication, AtV5ADowngradeAtTheFirstPublicationLetsTheNextBuildPublishToo) {
  Region r = At(kV5);
  r.Do(EditRegion{});
  r.Do(EditRegion{});
  const Expectation e = r.Do(BuildIndex{}, RoleChange(RoleState::kDowngrading));
  EXPECT_EQ(e.calls.size(), 2u);
  EXPECT_EQ(r.Seen().role, RoleState::kDowngrading);
}

// --- V5: discard unflushed data ---

TEST(DiscardUnflushed, UnsupportedBelowV5) {
  Region r = At(kV4);
  r.Do(Put{1});
  EXPECT_EQ(r.Do(DiscardUnflushed{}), Expect(ErrorCode::kUnsupported));
}

TEST(DiscardUnflushed, OnlyWritableMayDiscard) {
  Region r = At(kV5);
  r.Do(Put{1});
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(DiscardUnflushed{}), Expect(ErrorCode::kRegionState));
  r.Do(Close{});
  EXPECT_EQ(r.Do(DiscardUnflushed{}), Expect(ErrorCode::kRegionNotFound));
  Region s = At(kV5);
  s.Do(EnterStaging{});
  EXPECT_EQ(s.Do(DiscardUnflushed{}), Expect(ErrorCode::kRegionState));  // non-staging only
}

TEST(DiscardUnflushed, NothingUnflushedWritesNothing) {
  Region r = At(kV5);
  EXPECT_EQ(r.Do(DiscardUnflushed{}), Expect(ErrorCode::kOk));
  r.Do(Put{1});
  r.Do(Flush{});
  EXPECT_EQ(r.Do(DiscardUnflushed{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
}

TEST(DiscardUnflushed, FiresOneMuAndTheWalNoLongerReplaysTheRows) {
  Region r = At(kV5);
  r.Do(Put{1});
  r.Do(Put{2});
  const Action frontier{.kind = ActionKind::kEdit, .flushed_entry_id = 2, .flushed_sequence = 2};
  EXPECT_EQ(r.DoFull(DiscardUnflushed{}),
            Expect(ErrorCode::kOk, {Mu(1, {frontier}, "discard unflushed")}));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));  // the memtable is empty
  r.Do(Close{});
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));  // Open replayed nothing
}

TEST(DiscardUnflushed, AFailedSaveKeepsTheMemtable) {
  Region r = At(kV5);
  r.Do(Put{1});
  EXPECT_EQ(r.Do(DiscardUnflushed{}, Fails(FaultKind::kSaveFails)), Expect(ErrorCode::kStorage));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(2, {EditA({1})}, "flush")}));
}

TEST(DiscardUnflushed, AnEditsCommittedSequenceAloneIsSomethingToDiscard) {
  Region r = At(kV5);
  r.Do(EditRegion{});  // committed sequence 1, flushed sequence 0, no WAL entry
  const Action frontier{.kind = ActionKind::kEdit, .flushed_entry_id = 0, .flushed_sequence = 1};
  EXPECT_EQ(r.DoFull(DiscardUnflushed{}),
            Expect(ErrorCode::kOk, {Mu(2, {frontier}, "discard unflushed")}));
}

}  // namespace
}  // namespace hookcheck::model
