// Contract versions V2-V5 and the payloads (issue 8 items 5-6) on the reference engine: each test
// shows one behaviour from docs/upstream-notes/v-engine.md, written by hand from the upstream
// code, and each seeded bug of these items changes what the test sees (the mutant run is in the
// same test, so a mutant that stopped changing anything fails it).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/ref_engine.h"
#include "engine/ref_engine_test_util.h"

namespace hookcheck::engine {
namespace {

using model::ContractVersion;
using model::ErrorCode;
using model::RoleState;
using test_util::NewEngine;
using test_util::Step;
using Strings = std::vector<std::string>;

// Each event as the shared printer shows it, MU payload fields and SFW file infos appended:
// "SFW [1] 1(rows=2 ts=3..5 L0)", "MU v1 [Edit(+1)] flushed_entry_id=2 ...", "OPENED", "GC [1]".
// Also asserts that no callback ran under a manifest lock.
Strings Trace(RefEngine& e) {
  Strings out;
  for (const HookEvent& ev : e.TakeEvents()) {
    EXPECT_EQ(ev.lock_held, LockHeld::kNone) << ToString(ev);
    std::string s = model::CallString(ev.callback, ev.files, ev.version, ev.actions,
                                      ev.gc_region_dropped, ev.gc_full_listing);
    for (const model::SstFileInfo& f : ev.file_infos) s += " " + model::ToString(f);
    for (const model::Action& a : ev.actions) {
      const std::string p = model::PayloadString(a);
      if (!p.empty()) s += " " + p;
    }
    out.push_back(s);
  }
  return out;
}

EngineOptions At(ContractVersion v, Mutant m = Mutant::kNone) {
  EngineOptions o;
  o.contract = v;
  o.mutant = m;
  return o;
}

const model::Fault kCancel{model::FaultKind::kFlushCancelled, RoleState::kFollower};

// Under V1 no lifecycle op fires anything; GC fires nothing below V4.
TEST(VersionsTest, SeedContractFiresNoLifecycleOrGcCallback) {
  auto e = NewEngine(At(ContractVersion::kSeed));
  EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Open{}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::SetRole{RoleState::kWritable}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Gc{/*full_listing=*/true}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Drop{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{});
  auto v3 = NewEngine(At(ContractVersion::kStagingSuppressed));
  EXPECT_EQ(Step(*v3, model::Gc{/*full_listing=*/true}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*v3), Strings{});
}

// V2: Create (fresh, of a closed region; not of an open one), Open (not of an open one), Close
// (not of a closed one), Drop: dropped, then files_removed; refusals fire nothing.
TEST(VersionsTest, LifecycleCallbacksFireWhereUpstreamCallsThem) {
  auto e = NewEngine(At(ContractVersion::kLifecycle));
  EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);  // open already: Ok, nothing
  EXPECT_EQ(Trace(*e), Strings{});
  EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{"CLOSED"});
  EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{});
  EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);  // create_or_open of a closed region
  EXPECT_EQ(Trace(*e), Strings{"OPENED"});
  EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Open{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"CLOSED", "OPENED"}));
  EXPECT_EQ(Step(*e, model::Open{}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Drop{}), ErrorCode::kRegionState);  // a follower: refused
  EXPECT_EQ(Trace(*e), Strings{});
  EXPECT_EQ(Step(*e, model::SetRole{RoleState::kWritable}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Drop{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"DROPPED", "FILES_REMOVED"}));
  EXPECT_EQ(Step(*e, model::Open{}), ErrorCode::kRegionNotFound);
  EXPECT_EQ(Step(*e, model::Drop{}), ErrorCode::kRegionNotFound);
  EXPECT_EQ(Trace(*e), Strings{});
  EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);  // fresh
  EXPECT_EQ(Trace(*e), Strings{"OPENED"});
}

TEST(VersionsTest, DropFiresDroppedBeforeFilesRemoved) {
  auto m = NewEngine(At(ContractVersion::kLifecycle, Mutant::kFilesRemovedBeforeDropped));
  EXPECT_EQ(Step(*m, model::Drop{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*m), (Strings{"FILES_REMOVED", "DROPPED"}));
}

// A catch-up reopen (a non-empty memtable) is a new incarnation without on_region_opened.
TEST(VersionsTest, CatchupReopenFiresNoOpened) {
  for (Mutant mutant : {Mutant::kNone, Mutant::kOpenedOnCatchupReopen}) {
    auto e = NewEngine(At(ContractVersion::kLifecycle, mutant));
    Step(*e, model::Put{1});
    Step(*e, model::SetRole{RoleState::kFollower});
    EXPECT_EQ(Step(*e, model::Catchup{/*set_writable=*/false}), ErrorCode::kOk);
    EXPECT_EQ(Trace(*e), mutant == Mutant::kNone ? Strings{} : Strings{"OPENED"});
  }
}

// skip_wal: Close flushes first; on_region_closed comes after the flush's SFW and MU.
TEST(VersionsTest, CloseAfterFlushFiresClosedLast) {
  for (Mutant mutant : {Mutant::kNone, Mutant::kClosedBeforeCloseFlush}) {
    EngineOptions o = At(ContractVersion::kLifecycle, mutant);
    o.skip_wal = true;
    auto e = NewEngine(o);
    Step(*e, model::Put{2});
    EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
    const Strings flush = {"SFW [1] 1(rows=1 ts=2..2 L0)",
                           "MU v1 [Edit(+1)] flushed_entry_id=0 flushed_sequence=1"};
    Strings want = flush;
    if (mutant == Mutant::kNone) {
      want.push_back("CLOSED");
    } else {
      want.insert(want.begin(), "CLOSED");
    }
    EXPECT_EQ(Trace(*e), want) << Name(mutant);
  }
}

// V4: a GC pass deletes the manifest's removed files and reports them; nothing deleted and no
// full listing fires nothing; a full listing always fires.
// No file of a check is past its lingering time (docs/contract.md §7.1): a pass deletes nothing
// and fires on_region_gc only when it lists fully.
TEST(VersionsTest, GcFiresOnlyForAFullListingAndDeletesNothing) {
  for (Mutant mutant : {Mutant::kNone, Mutant::kGcFiresWithoutDeletions}) {
    auto e = NewEngine(At(ContractVersion::kGc, mutant));
    Step(*e, model::Put{1});
    Step(*e, model::Flush{});
    Step(*e, model::Put{2});
    Step(*e, model::Flush{});
    EXPECT_EQ(Step(*e, model::CompactLocal{}), ErrorCode::kOk);
    Trace(*e);
    EXPECT_EQ(Step(*e, model::Gc{}), ErrorCode::kOk);
    EXPECT_EQ(Trace(*e), mutant == Mutant::kNone ? Strings{} : Strings{"GC []"});
    EXPECT_EQ(Step(*e, model::Gc{/*full_listing=*/true}), ErrorCode::kOk);
    EXPECT_EQ(Trace(*e), Strings{"GC [] full_listing"});
  }
}

// V5 offline cleanup: busy while open; from closed (and again, a no-op purge) it removes the
// region and fires GC inline; below V5 it does not exist.
TEST(VersionsTest, OfflineCleanup) {
  auto v4 = NewEngine(At(ContractVersion::kGc));
  Step(*v4, model::Close{});
  EXPECT_EQ(Step(*v4, model::OfflineCleanup{}), ErrorCode::kUnsupported);
  EXPECT_EQ(Trace(*v4), Strings{"CLOSED"});
  auto e = NewEngine(At(ContractVersion::kHead));
  EXPECT_EQ(Step(*e, model::OfflineCleanup{}), ErrorCode::kRegionBusy);
  EXPECT_EQ(Trace(*e), Strings{});
  Step(*e, model::Put{1});
  Step(*e, model::Flush{});
  Step(*e, model::Close{});
  Trace(*e);
  EXPECT_EQ(Step(*e, model::OfflineCleanup{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{"GC [] dropped full_listing"});
  EXPECT_EQ(Step(*e, model::OfflineCleanup{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{"GC [] dropped full_listing"});
  EXPECT_FALSE(e->TEST_store().SstExists(1, 1));
  EXPECT_EQ(Step(*e, model::Open{}), ErrorCode::kRegionNotFound);
  EXPECT_EQ(e->Observe().presence, model::Presence::kDropped);
}

// V5 discard unflushed: one live MU Edit{flushed_entry_id, flushed_sequence}, the memtable gone
// (a later flush has nothing, a reopen replays nothing); nothing to discard: Ok, no write.
TEST(VersionsTest, DiscardUnflushed) {
  auto v4 = NewEngine(At(ContractVersion::kGc));
  Step(*v4, model::Put{1});
  EXPECT_EQ(Step(*v4, model::DiscardUnflushed{}), ErrorCode::kUnsupported);
  EXPECT_EQ(Trace(*v4), Strings{});
  auto e = NewEngine(At(ContractVersion::kHead));
  Step(*e, model::Put{1});
  Step(*e, model::Put{4});
  EXPECT_EQ(Step(*e, model::DiscardUnflushed{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{"MU v1 [Edit()] flushed_entry_id=2 flushed_sequence=2"});
  EXPECT_EQ(e->Observe().role, RoleState::kWritable);
  EXPECT_EQ(Step(*e, model::DiscardUnflushed{}), ErrorCode::kOk);
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  Step(*e, model::Close{});
  Step(*e, model::Open{});
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"CLOSED", "OPENED"}));
  Step(*e, model::SetRole{RoleState::kFollower});
  EXPECT_EQ(Step(*e, model::DiscardUnflushed{}), ErrorCode::kRegionState);
}

// V5 flush cancellation: SFW, no MU, the SST deleted, the memtable kept for the next flush.
// Below V5 the site does not exist and the flush commits.
TEST(VersionsTest, CancelledFlushFiresSfwWithoutMu) {
  auto v4 = NewEngine(At(ContractVersion::kGc));
  Step(*v4, model::Put{1});
  EXPECT_EQ(Step(*v4, model::Flush{}, kCancel), ErrorCode::kOk);
  EXPECT_EQ(Trace(*v4).size(), 2u);
  for (Mutant mutant : {Mutant::kNone, Mutant::kCancelledFlushFiresMu}) {
    auto e = NewEngine(At(ContractVersion::kHead, mutant));
    Step(*e, model::Put{1});
    const ErrorCode code = Step(*e, model::Flush{}, kCancel);
    if (mutant == Mutant::kNone) {
      EXPECT_EQ(code, ErrorCode::kCancelled);
      EXPECT_EQ(Trace(*e), Strings{"SFW [1] 1(rows=1 ts=1..1 L0)"});
      EXPECT_FALSE(e->TEST_store().SstExists(1, 1));
      EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
      EXPECT_EQ(Trace(*e), (Strings{"SFW [2] 2(rows=1 ts=1..1 L0)",
                                    "MU v1 [Edit(+2)] flushed_entry_id=1 flushed_sequence=1"}));
    } else {
      EXPECT_EQ(code, ErrorCode::kOk);
      EXPECT_EQ(Trace(*e).size(), 2u);
    }
  }
}

// V5 conditional index publication: a role change to F between the build and the publication
// makes it Stale (Ok, no write, no MU); Dg still publishes. V1 has no such site: the build
// publishes whatever the fault says.
TEST(VersionsTest, IndexPublicationRevalidatesAtHead) {
  const model::Fault to_follower{model::FaultKind::kRoleChangeBeforeCommit, RoleState::kFollower};
  const model::Fault to_downgrading{model::FaultKind::kRoleChangeBeforeCommit,
                                    RoleState::kDowngrading};
  auto e = NewEngine(At(ContractVersion::kHead));
  Step(*e, model::EditRegion{});
  Trace(*e);
  EXPECT_EQ(Step(*e, model::BuildIndex{}, to_follower), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{});
  EXPECT_EQ(e->Observe().manifest_version, 1u);
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::BuildIndex{}, to_downgrading), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), Strings{"MU v2 [Edit(+1)]"});
  auto v1 = NewEngine(At(ContractVersion::kSeed));
  Step(*v1, model::EditRegion{});
  Trace(*v1);
  EXPECT_EQ(Step(*v1, model::BuildIndex{}, to_follower), ErrorCode::kOk);
  EXPECT_EQ(Trace(*v1), Strings{"MU v2 [Edit(+1)]"});
}

// A downgrade at the first publication does not stop the next build: the scheduler starts a
// pending build whatever the role (IndexBuildScheduler::on_task_stopped, 81a0dd77c7), index_build
// checks only that the SST is in the version, and Dg passes the re-validation.
TEST(VersionsTest, IndexBuildsAfterADowngradeStillPublishAtHead) {
  const model::Fault to_downgrading{model::FaultKind::kRoleChangeBeforeCommit,
                                    RoleState::kDowngrading};
  auto e = NewEngine(At(ContractVersion::kHead));
  Step(*e, model::EditRegion{});
  Step(*e, model::EditRegion{});
  Trace(*e);
  EXPECT_EQ(Step(*e, model::BuildIndex{}, to_downgrading), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"MU v3 [Edit(+1)]", "MU v4 [Edit(+2)]"}));
}

// After the erratum 23 collision the datanode's version holds copied file 1, which the remote
// compactor's manifest no longer does. Below V5 its stale index is rebuilt from the version (the
// edit adds the file back); at V5 handle_rebuild_index skips a file absent from the manifest.
TEST(VersionsTest, IndexBuildSkipsAFileTheManifestDoesNotHoldAtHead) {
  for (ContractVersion v : {ContractVersion::kGc, ContractVersion::kHead}) {
    auto e = NewEngine(At(v));
    Step(*e, model::CopyRegion{2});
    Step(*e, model::CompactRemote{});
    Step(*e, model::Alter{model::AlterKind::kSetIndexes});
    Trace(*e);
    EXPECT_EQ(Step(*e, model::BuildIndex{}), ErrorCode::kOk);
    const Strings trace = Trace(*e);
    if (v == ContractVersion::kHead) {
      EXPECT_EQ(trace, Strings{});
    } else {
      ASSERT_EQ(trace.size(), 1u);
      EXPECT_NE(trace[0].find("[Edit(+1)]"), std::string::npos) << trace[0];
    }
  }
}

// With record_payloads off (the factory's setting for ModelConfig::payloads off) the calls carry
// the shape only: no MU payload fields, no SFW file infos, and payload_reported is false.
TEST(VersionsTest, RecordPayloadsOffReportsTheShapeOnly) {
  EngineOptions o;
  o.record_payloads = false;
  auto e = NewEngine(o);
  Step(*e, model::Put{3});
  Step(*e, model::Flush{});
  EXPECT_EQ(Trace(*e), (Strings{"SFW [1]", "MU v1 [Edit(+1)]"}));
}

// Payloads (item 6), V1: a flush edit carries the last entry id and the committed sequence; an
// edit its committed sequence; a compaction none; TruncateAll its truncated entry id. SFW infos
// give rows, time range and level (1 for a compaction output).
TEST(VersionsTest, PayloadsOnEachPath) {
  auto e = NewEngine();
  Step(*e, model::Put{3});
  Step(*e, model::Put{5});
  Step(*e, model::Flush{});
  EXPECT_EQ(Trace(*e), (Strings{"SFW [1] 1(rows=2 ts=3..5 L0)",
                                "MU v1 [Edit(+1)] flushed_entry_id=2 flushed_sequence=2"}));
  Step(*e, model::EditRegion{/*add=*/1, /*remove=*/0, /*rows=*/4});
  EXPECT_EQ(Trace(*e), Strings{"MU v2 [Edit(+2)] committed_sequence=3"});
  Step(*e, model::Put{7});
  Step(*e, model::Flush{});
  Trace(*e);
  EXPECT_EQ(Step(*e, model::CompactLocal{}), ErrorCode::kOk);
  const Strings compaction = Trace(*e);
  ASSERT_EQ(compaction.size(), 2u);
  EXPECT_NE(compaction[0].find(" L1)"), std::string::npos) << compaction[0];
  EXPECT_EQ(compaction[1].find("_sequence"), std::string::npos) << compaction[1];
  Step(*e, model::Put{1});
  EXPECT_EQ(Step(*e, model::Truncate{}), ErrorCode::kOk);
  const Strings truncate = Trace(*e);
  ASSERT_EQ(truncate.size(), 1u);
  EXPECT_NE(truncate[0].find("[TruncateAll] truncated_entry_id=4"), std::string::npos)
      << truncate[0];
}

TEST(VersionsTest, PayloadMutantsChangeWhatFlushReports) {
  auto entry = NewEngine(At(ContractVersion::kSeed, Mutant::kFlushWrongFlushedEntryId));
  Step(*entry, model::Put{3});
  Step(*entry, model::Flush{});
  EXPECT_EQ(Trace(*entry), (Strings{"SFW [1] 1(rows=1 ts=3..3 L0)",
                                    "MU v1 [Edit(+1)] flushed_entry_id=2 flushed_sequence=1"}));
  auto rows = NewEngine(At(ContractVersion::kSeed, Mutant::kSfwWrongRowCount));
  Step(*rows, model::Put{3});
  Step(*rows, model::Flush{});
  EXPECT_EQ(Trace(*rows), (Strings{"SFW [1] 1(rows=2 ts=3..3 L0)",
                                   "MU v1 [Edit(+1)] flushed_entry_id=1 flushed_sequence=1"}));
}

// The new mutants are registered, each with the configuration whose paths show it.
TEST(VersionsTest, NewMutantsAreRegisteredWithTheirConfig) {
  EXPECT_EQ(ConfigThatShows(Mutant::kOpenedOnCatchupReopen).contract, ContractVersion::kLifecycle);
  EXPECT_TRUE(ConfigThatShows(Mutant::kClosedBeforeCloseFlush).skip_wal);
  EXPECT_EQ(ConfigThatShows(Mutant::kGcFiresWithoutDeletions).contract, ContractVersion::kGc);
  EXPECT_EQ(ConfigThatShows(Mutant::kCancelledFlushFiresMu).contract, ContractVersion::kHead);
  for (Mutant m : AllMutants()) EXPECT_EQ(ParseMutant(Name(m)), m);
}

// raft-engine's latest entry id is its last index, 0 once every entry is compacted
// (log_store.rs latest_entry_id; memtable.rs span()). A staged flush obsoletes the WAL while the
// live manifest keeps flushed_entry_id 0: after Create reopens the region the next Put is entry 1
// again, and the catch-up (a reopen, the memtable holds that row) rises to it, not to the 2
// written before the close. The next row is entry 2.
TEST(WalTest, ACatchupRisesToTheLastEntryTheWalStillHolds) {
  auto e = NewEngine(At(ContractVersion::kSeed));
  Step(*e, model::EnterStaging{model::StagingDirective::kUpdatePartitionExpr, 1});
  Step(*e, model::Put{0});
  Step(*e, model::Put{0});
  Step(*e, model::Flush{});
  Step(*e, model::Close{});
  Step(*e, model::Create{});
  Step(*e, model::Put{0});
  Step(*e, model::SetRole{RoleState::kFollower});
  Step(*e, model::Catchup{true});
  Step(*e, model::Put{0});
  Trace(*e);
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"SFW [2] 2(rows=1 ts=0..0 L0)",
                                "MU v2 [Edit(+2)] flushed_entry_id=2 flushed_sequence=1"}));
}

}  // namespace
}  // namespace hookcheck::engine
