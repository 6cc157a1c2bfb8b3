// Errata 12-23 of hook-paths.md and the three settled disagreements, one test each, with the
// mutant that restores the old behaviour where there is one. Expectations are written by hand
// from the errata and the upstream code at f684479d9c (see docs/upstream-notes/engine-decisions.md).
#include <gtest/gtest.h>

#include <string>

#include "engine/ref_engine.h"
#include "engine/ref_engine_test_util.h"

namespace hookcheck::engine {
namespace {

using model::ErrorCode;
using model::RoleState;

using test_util::NewEngine;
using test_util::Step;

// "SFW[1]", "MU v2 +1", "MU v3 Change", ... compact enough to compare whole traces.
std::vector<std::string> Trace(RefEngine& e) {
  std::vector<std::string> out;
  for (const HookEvent& ev : e.TakeEvents()) {
    std::string s;
    if (ev.callback == model::Callback::kSstFilesWritten) {
      s = "SFW[";
      for (size_t i = 0; i < ev.files.size(); ++i)
        s += (i ? "," : "") + std::to_string(ev.files[i]);
      s += "]";
    } else {
      s = "MU v" + std::to_string(ev.version);
      for (const model::Action& a : ev.actions) {
        if (a.kind != model::ActionKind::kEdit) {
          s += " other";
          continue;
        }
        for (model::FileId f : a.add) s += " +" + std::to_string(f);
        for (model::FileId f : a.remove) s += " -" + std::to_string(f);
      }
    }
    if (ev.on_compactor) s += " @compactor";
    out.push_back(s);
  }
  return out;
}

using Strings = std::vector<std::string>;
const model::Fault kRebuildFails{model::FaultKind::kRebuildFails, RoleState::kFollower};
const model::Fault kSaveFails{model::FaultKind::kSaveFails, RoleState::kFollower};

// Erratum 12: a real WAL. Close fires nothing; Open replays the rows.
TEST(ErrataTest, RealWalCloseFiresNothingAndOpenReplays) {
  auto e = NewEngine();
  Step(*e, model::Put{3});
  Step(*e, model::Put{5});
  EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
  EXPECT_TRUE(Trace(*e).empty());
  EXPECT_EQ(Step(*e, model::Open{}), ErrorCode::kOk);
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"SFW[1]", "MU v1 +1"}));
}

// Bug (b): Open replays only the entries after the persisted flushed entry id, even when that
// flush's in-memory rebuild failed (opener.rs: replay_memtable from flushed_entry_id + 1).
TEST(ErrataTest, OpenReplaysOnlyEntriesAfterThePersistedFlushedEntryId) {
  auto e = NewEngine();
  Step(*e, model::Put{1});
  EXPECT_EQ(Step(*e, model::Flush{}, kRebuildFails), ErrorCode::kUnexpected);
  EXPECT_EQ(Trace(*e), (Strings{"SFW[1]"}));
  Step(*e, model::Close{});
  Step(*e, model::Open{});
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  EXPECT_TRUE(Trace(*e).empty());
  EXPECT_EQ(e->Observe().live_files, std::vector<model::FileId>{1});
}

// Erratum 13: Sync mode builds a flushed file's index inline; BuildIndex builds only the stale
// (edit-added) file. A SetIndexes alter makes every file stale and triggers nothing in Sync.
TEST(ErrataTest, SyncIndexModeFlushedFilesNeedNoBuild) {
  auto e = NewEngine();
  Step(*e, model::EditRegion{1, 0, 1, 0});  // file 1, v1
  Step(*e, model::Put{1});
  Step(*e, model::Flush{});  // file 2, v2
  Trace(*e);
  EXPECT_EQ(Step(*e, model::BuildIndex{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"MU v3 +1"}));
  EXPECT_EQ(Step(*e, model::Alter{model::AlterKind::kSetIndexes}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"MU v4 other"}));
  EXPECT_EQ(Step(*e, model::BuildIndex{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"MU v5 +1", "MU v6 +2"}));
}

// Erratum 14: an edit never triggers an index build; a SetIndexes alter and every finished
// compaction (a manual one too) do.
TEST(ErrataTest, AsyncIndexTriggers) {
  for (Mutant m : {Mutant::kNone, Mutant::kEditTriggersIndexBuild}) {
    auto e = NewEngine({.index_mode = model::IndexMode::kAsync, .mutant = m});
    Step(*e, model::EditRegion{2, 0, 1, 0});  // files 1, 2: v1
    if (m == Mutant::kNone) {
      EXPECT_EQ(Trace(*e), (Strings{"MU v1 +1 +2"}));
    } else {
      EXPECT_EQ(Trace(*e), (Strings{"MU v1 +1 +2", "MU v2 +1", "MU v3 +2"}));
      continue;
    }
    EXPECT_EQ(Step(*e, model::CompactLocal{}), ErrorCode::kOk);
    EXPECT_EQ(Trace(*e), (Strings{"SFW[3]", "MU v2 +3 -1 -2", "MU v3 +3"}));
    EXPECT_EQ(Step(*e, model::Alter{model::AlterKind::kSetIndexes}), ErrorCode::kOk);
    EXPECT_EQ(Trace(*e), (Strings{"MU v4 other", "MU v5 +3"}));
  }
}

// Erratum 15: Create on an open region is Ok with no change; on a closed one it reopens it
// Writable (with WAL replay). No hook either way.
TEST(ErrataTest, CreateOnExistingRegion) {
  for (Mutant m : {Mutant::kNone, Mutant::kCreateRefusesExistingRegion}) {
    auto e = NewEngine({.mutant = m});
    Step(*e, model::Put{1});
    Step(*e, model::Close{});
    if (m != Mutant::kNone) {
      EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kRegionExists);
      continue;
    }
    EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);
    EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);
    EXPECT_TRUE(Trace(*e).empty());
    EXPECT_EQ(e->Observe().role, RoleState::kWritable);
    EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
    EXPECT_EQ(Trace(*e), (Strings{"SFW[1]", "MU v1 +1"}));
  }
}

// Erratum 16: catch-up with rows in the memtable reopens the region without WAL replay: the rows
// are lost and the fetcher fills the expr again, so the backfill writes it.
TEST(ErrataTest, CatchupReopensWhenTheMemtableIsNotEmpty) {
  for (Mutant m : {Mutant::kNone, Mutant::kCatchupSkipsReopen}) {
    auto e = NewEngine({.mutant = m});
    Step(*e, model::Put{1});
    Step(*e, model::SetRole{RoleState::kFollower});
    EXPECT_EQ(Step(*e, model::Catchup{true}), ErrorCode::kOk);
    EXPECT_EQ(e->Observe().role, RoleState::kWritable);
    EXPECT_EQ(Trace(*e), m == Mutant::kNone ? Strings{"MU v1 other"} : Strings{});
    Step(*e, model::Flush{});
    EXPECT_EQ(Trace(*e).size(), m == Mutant::kNone ? 0u : 2u);
  }
}

// Follower sync builds the version with a new mutable memtable: the rows go (the WAL keeps them).
TEST(ErrataTest, FollowerSyncDropsTheMemtable) {
  auto e = NewEngine();
  Step(*e, model::Put{1});
  Step(*e, model::SetRole{RoleState::kFollower});
  Step(*e, model::FollowerSync{});
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  EXPECT_TRUE(Trace(*e).empty());
  Step(*e, model::Close{});
  Step(*e, model::Open{});
  Step(*e, model::SetRole{RoleState::kWritable});
  Step(*e, model::Flush{});
  EXPECT_EQ(Trace(*e), (Strings{"SFW[1]", "MU v1 +1"}));
}

// Erratum 17: apply staging on W compares the version metadata's expr (filled by the fetcher).
TEST(ErrataTest, ApplyStagingOnWritableComparesTheVersionExpr) {
  for (Mutant m : {Mutant::kNone, Mutant::kApplyStagingComparesLiveExpr}) {
    auto e = NewEngine({.mutant = m});
    Step(*e, model::Close{});
    Step(*e, model::Open{true});  // version expr 1 from the fetcher; live none
    Step(*e, model::SetRole{RoleState::kWritable});
    EXPECT_EQ(Step(*e, model::ApplyStaging{1}),
              m == Mutant::kNone ? ErrorCode::kOk : ErrorCode::kRegionState);
    EXPECT_TRUE(Trace(*e).empty());
  }
}

// Erratum 18: follower sync rebuilds the version from the live manifest: the fetched expr goes.
TEST(ErrataTest, FollowerSyncDropsAFetcherOnlyExpr) {
  for (Mutant m : {Mutant::kNone, Mutant::kFollowerSyncKeepsVersionExpr}) {
    auto e = NewEngine({.mutant = m});
    Step(*e, model::Close{});
    Step(*e, model::Open{true});
    EXPECT_EQ(Step(*e, model::FollowerSync{}), ErrorCode::kOk);
    Step(*e, model::SetRole{RoleState::kWritable});
    EXPECT_EQ(Step(*e, model::ApplyStaging{1}),
              m == Mutant::kNone ? ErrorCode::kRegionState : ErrorCode::kOk);
  }
}

// Bug (c): after a failed rebuild, follower sync installs nothing (the delta is at the counter)
// and the version's expr becomes the in-memory live one (none); a reopen replays the delta.
TEST(ErrataTest, FollowerSyncAfterAFailedRebuildSkipsThePersistedDelta) {
  auto e = NewEngine();
  Step(*e, model::Close{});
  Step(*e, model::Open{true});
  Step(*e, model::Catchup{true}, kRebuildFails);  // the backfill Change v1: persisted, not applied
  Trace(*e);
  Step(*e, model::SetRole{RoleState::kFollower});
  EXPECT_EQ(Step(*e, model::FollowerSync{}), ErrorCode::kOk);
  EXPECT_EQ(e->Observe().live_partition_expr, 0);
  EXPECT_EQ(e->Observe().manifest_version, 1u);
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::ApplyStaging{1}), ErrorCode::kRegionState);
  Step(*e, model::Close{});
  Step(*e, model::Open{false});
  EXPECT_EQ(e->Observe().live_partition_expr, 1);
}

// Bug (a): the SetIndexes Change whose rebuild failed is never installed by follower sync, so
// the file's index stays consistent and BuildIndex builds nothing.
TEST(ErrataTest, FollowerSyncDoesNotInstallAFailedRebuildsIndexChange) {
  auto e = NewEngine();
  Step(*e, model::EditRegion{1, 0, 1, 0});
  Step(*e, model::BuildIndex{});
  EXPECT_EQ(Trace(*e), (Strings{"MU v1 +1", "MU v2 +1"}));
  EXPECT_EQ(Step(*e, model::Alter{model::AlterKind::kSetIndexes}, kRebuildFails),
            ErrorCode::kUnexpected);
  Step(*e, model::SetRole{RoleState::kFollower});
  Step(*e, model::FollowerSync{});
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::BuildIndex{}), ErrorCode::kOk);
  EXPECT_TRUE(Trace(*e).empty());
}

// Erratum 19: a finished compaction (manual too) runs the automatic picker again until it picks
// nothing. Copies trigger no follow-on work, so only CompactLocal compacts here.
TEST(ErrataTest, CompactionIsRescheduledUntilThePickerPicksNothing) {
  for (Mutant m : {Mutant::kNone, Mutant::kCompactionNotRescheduled}) {
    auto e = NewEngine({.auto_compact_threshold = 2, .mutant = m});
    Step(*e, model::CopyRegion{3});  // 1001, 1002, 1003: v1
    Trace(*e);
    EXPECT_EQ(Step(*e, model::CompactLocal{}), ErrorCode::kOk);
    if (m == Mutant::kNone) {
      EXPECT_EQ(Trace(*e),
                (Strings{"SFW[1,2]", "MU v2 +1 +2 -1001 -1002 -1003", "SFW[3]", "MU v3 +3 -1 -2"}));
      EXPECT_EQ(e->Observe().live_files, std::vector<model::FileId>{3});
    } else {
      EXPECT_EQ(e->Observe().live_files, (std::vector<model::FileId>{1, 2}));
    }
  }
}

// Erratum 19, the decision: the re-run is the automatic picker, so with auto compaction off a
// manual compaction runs once.
TEST(ErrataTest, NoRerunWithAutoCompactionOff) {
  auto e = NewEngine();
  Step(*e, model::CopyRegion{3});
  EXPECT_EQ(Step(*e, model::CompactLocal{}), ErrorCode::kOk);
  EXPECT_EQ(e->Observe().live_files, (std::vector<model::FileId>{1, 2}));
}

// Erratum 20: a failed index manifest write fails every build still waiting for a slot; the
// manual BuildIndex answers that error (Storage for a failed save).
TEST(ErrataTest, FailedIndexWriteFailsTheWaitingBuilds) {
  for (Mutant m : {Mutant::kNone, Mutant::kIndexFailureSparesWaitingBuilds}) {
    auto e = NewEngine({.mutant = m});
    Step(*e, model::EditRegion{3, 0, 1, 0});
    Trace(*e);
    const ErrorCode c = Step(*e, model::BuildIndex{}, kSaveFails);  // file 1's save fails (v2)
    if (m == Mutant::kNone) {
      EXPECT_EQ(c, ErrorCode::kStorage);
      EXPECT_TRUE(Trace(*e).empty());
      EXPECT_EQ(Step(*e, model::BuildIndex{}), ErrorCode::kOk);
      EXPECT_EQ(Trace(*e), (Strings{"MU v3 +1", "MU v4 +2", "MU v5 +3"}));
    } else {
      EXPECT_EQ(c, ErrorCode::kOk);
      EXPECT_EQ(Trace(*e), (Strings{"MU v3 +2", "MU v4 +3"}));
    }
  }
}

// Erratum 20, the quirk: the failing build itself reports Finished, so with nothing waiting the
// manual BuildIndex answers Ok.
TEST(ErrataTest, FailedIndexWriteWithNothingWaitingAnswersOk) {
  auto e = NewEngine();
  Step(*e, model::EditRegion{1, 0, 1, 0});
  Trace(*e);
  EXPECT_EQ(Step(*e, model::BuildIndex{}, kSaveFails), ErrorCode::kOk);
  EXPECT_TRUE(Trace(*e).empty());
}

// Erratum 21: CompactRemote in S is skipped with Ok.
TEST(ErrataTest, RemoteCompactionInStagingIsSkipped) {
  for (Mutant m : {Mutant::kNone, Mutant::kRemoteCompactionRefusedInStaging}) {
    auto e = NewEngine({.mutant = m});
    Step(*e, model::EnterStaging{model::StagingDirective::kUpdatePartitionExpr, 2});
    Trace(*e);
    EXPECT_EQ(Step(*e, model::CompactRemote{}),
              m == Mutant::kNone ? ErrorCode::kOk : ErrorCode::kRegionState);
    EXPECT_TRUE(Trace(*e).empty());
  }
}

// Erratum 22: a flush started in S that finds the region W at its end schedules a compaction.
TEST(ErrataTest, FlushFromStagingFindingWritableCompacts) {
  for (Mutant m : {Mutant::kNone, Mutant::kFlushCompactionCheckReadsStartState}) {
    auto e = NewEngine({.auto_compact_threshold = 2, .mutant = m});
    Step(*e, model::CopyRegion{2});  // 1001, 1002: v1
    Step(*e, model::EnterStaging{model::StagingDirective::kUpdatePartitionExpr, 2});  // v2 staging
    Step(*e, model::Put{1});
    Trace(*e);
    const model::Fault to_w{model::FaultKind::kRoleChangeBeforeCommit, RoleState::kWritable};
    EXPECT_EQ(Step(*e, model::Flush{}, to_w), ErrorCode::kOk);
    if (m == Mutant::kNone) {
      EXPECT_EQ(Trace(*e), (Strings{"SFW[1]", "MU v3 +1", "SFW[2]", "MU v4 +2 -1001 -1002"}));
    } else {
      EXPECT_EQ(Trace(*e), (Strings{"SFW[1]", "MU v3 +1"}));
    }
  }
}

// Erratum 23: under kUpstream the datanode's counter stays behind the compactor's write, so its
// next live write reuses that version (and overwrites that delta).
TEST(ErrataTest, RemoteCompactionUpstreamCounterReusesTheVersion) {
  auto e = NewEngine();
  for (uint8_t ts : {1, 2}) {
    Step(*e, model::Put{ts});
    Step(*e, model::Flush{});
  }
  Trace(*e);
  EXPECT_EQ(Step(*e, model::CompactRemote{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"SFW[3] @compactor", "MU v3 +3 -1 -2 @compactor"}));
  EXPECT_EQ(e->Observe().manifest_version, 2u);
  Step(*e, model::Put{3});
  Step(*e, model::Flush{});
  EXPECT_EQ(Trace(*e), (Strings{"SFW[4]", "MU v3 +4"}));
  EXPECT_EQ(e->Observe().live_files, (std::vector<model::FileId>{1, 2, 4}));
}

}  // namespace
}  // namespace hookcheck::engine

namespace hookcheck::engine {
namespace {

// Erratum 16 with erratum 23: the compactor's delta is above the datanode's counter, so catch-up
// (even without set_writable) reopens and reads it back.
TEST(ErrataTest, CatchupReopensOnALiveDeltaAboveTheCounter) {
  auto e = NewEngine();
  for (uint8_t ts : {1, 2}) {
    Step(*e, model::Put{ts});
    Step(*e, model::Flush{});
  }
  Step(*e, model::CompactRemote{});
  Trace(*e);
  Step(*e, model::SetRole{RoleState::kFollower});
  EXPECT_EQ(Step(*e, model::Catchup{false}), ErrorCode::kOk);
  const model::Observation o = e->Observe();
  EXPECT_EQ(o.role, RoleState::kFollower);
  EXPECT_EQ(o.live_files, std::vector<model::FileId>{3});
  EXPECT_EQ(o.manifest_version, 3u);
  EXPECT_TRUE(Trace(*e).empty());
}

// FileMeta::is_index_consistent_with_region: an index is built for the metadata of its time. A
// SetIndexes Change whose rebuild failed is replayed by Open after the build's Edit, so the file
// built for the older options is stale then.
TEST(ErrataTest, AnIndexBuiltBeforeAReplayedSetIndexesChangeIsStale) {
  auto e = NewEngine();
  Step(*e, model::CopyRegion{1});
  EXPECT_EQ(Step(*e, model::Alter{model::AlterKind::kSetIndexes}, kRebuildFails),
            ErrorCode::kUnexpected);
  EXPECT_EQ(Step(*e, model::BuildIndex{}), ErrorCode::kOk);  // the copied file had no index
  (void)Trace(*e);
  Step(*e, model::Close{});
  Step(*e, model::Open{});
  Step(*e, model::SetRole{RoleState::kWritable});
  EXPECT_EQ(Step(*e, model::BuildIndex{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"MU v4 +1001"}));
}

// handle_compaction_finished runs for a remote compaction's result too: Async index builds for
// its outputs, on the datanode.
TEST(ErrataTest, RemoteCompactionOutputsGetAsyncIndexBuilds) {
  auto e = NewEngine(
      {.index_mode = model::IndexMode::kAsync, .remote_counter = model::RemoteCounter::kClosed});
  Step(*e, model::EditRegion{.add = 2});
  (void)Trace(*e);
  EXPECT_EQ(Step(*e, model::CompactRemote{}), ErrorCode::kOk);
  EXPECT_EQ(Trace(*e), (Strings{"SFW[3] @compactor", "MU v2 +3 -1 -2 @compactor", "MU v3 +3"}));
}

// The automatic compaction's threshold counts the files its picker reads: the version's, which a
// remote compaction under the upstream counter leaves apart from the manifest's.
TEST(ErrataTest, AutoCompactionCountsTheVersionFiles) {
  auto e = NewEngine({.auto_compact_threshold = 2});
  Step(*e, model::CopyRegion{2});
  Step(*e, model::CompactRemote{});  // version: output 1; manifest: 1001, 1002
  (void)Trace(*e);
  // The edit removes the manifest's two files: the manifest holds one, the version two.
  EXPECT_EQ(Step(*e, model::EditRegion{.add = 1, .remove = 2}), ErrorCode::kOk);
  const Strings trace = Trace(*e);
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace[1].rfind("SFW[", 0), 0u) << "no automatic compaction after the edit";
}

}  // namespace
}  // namespace hookcheck::engine
