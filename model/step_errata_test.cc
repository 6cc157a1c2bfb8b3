// Errata 12-23 of shared/spec/hook-paths.md and the bugs (a)-(c) settled from the upstream code
// at f684479d9c (docs/upstream-notes/model-decisions.md). Expectations are written by hand from the spec.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

TEST(Erratum12, RealWalCloseFiresNothingAndOpenReplaysTheMemtable) {
  Region r;
  r.Do(Put{2});
  EXPECT_EQ(r.Do(Close{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Open{}), Reopens(ErrorCode::kOk));
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
}

// Bug (b): replay_memtable starts after the flushed entry id of the manifest Open reads, and the
// persisted (rebuild-failed) flush delta carries flushed_entry_id 1.
TEST(BugB, OpenDoesNotReplayRowsAPersistedFlushCovers) {
  Region r;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}, Fails(FaultKind::kRebuildFails)),
            Expect(ErrorCode::kUnexpected, {Sfw({1}, "flush")}));
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
  EXPECT_EQ(r.Seen().manifest_version, 1u);
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));
}

TEST(Erratum13, SyncModeFlushBuildsTheIndexInline) {
  Region r;
  r.Do(Put{1});
  r.Do(Flush{});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));
}

TEST(Erratum13, SyncModeSetIndexesBuildsNothingButMakesFilesStale) {
  Region r;
  r.Do(Put{1});
  r.Do(Flush{});
  EXPECT_EQ(r.Do(Alter{AlterKind::kSetIndexes}),
            Expect(ErrorCode::kOk, {Mu(2, {ChangeA()}, "alter")}));
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(3, {EditA({1})}, "index", 1)}));
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));
}

// A 0-row output's inline index is empty, so it stays stale: a BuildIndex task that writes
// nothing but takes a slot, and is failed while waiting behind a failed build.
TEST(Erratum13, ZeroRowOutputsStayStaleAndCountAsWaitingTasks) {
  Region r;
  r.Do(EditRegion{2, 0, 0, 0});  // files 1, 2 with 0 rows, v1
  r.Do(CompactLocal{});          // output 3 with 0 rows, v2
  r.Do(EditRegion{1, 0, 1, 0});  // file 4, v3
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(4, {EditA({4})}, "index", 1)}));
  r.Do(EditRegion{1, 0, 1, 0});         // file 5, v5; tasks now: 3 (0 rows), 5
  r.Do(Alter{AlterKind::kSetIndexes});  // v6: 4 and 5 stale too
  // Task order 3, 4, 5: 3 writes nothing; 4's save fails (v7); 5 was waiting: failed.
  EXPECT_EQ(r.Do(BuildIndex{}, Fails(FaultKind::kSaveFails)), Expect(ErrorCode::kStorage));
}

TEST(Erratum13, AsyncModeFlushAndSetIndexesQueueBuilds) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  r.Do(Put{1});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush"),
                                                   Mu(2, {EditA({1})}, "index", 1)}));
  EXPECT_EQ(r.Do(Alter{AlterKind::kSetIndexes}),
            Expect(ErrorCode::kOk, {Mu(3, {ChangeA()}, "alter"), Mu(4, {EditA({1})}, "index", 1)}));
}

// Bug (a): FollowerSync installs nothing at or below the counter, so the rebuild-failed Change
// stays out of memory and file 1's index stays consistent; a later Open reads the Change.
TEST(BugA, FollowerSyncDoesNotInstallARebuildFailedSetIndexes) {
  Region r;
  r.Do(EditRegion{1, 0, 1, 0});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(2, {EditA({1})}, "index", 1)}));
  EXPECT_EQ(r.Do(Alter{AlterKind::kSetIndexes}, Fails(FaultKind::kRebuildFails)),
            Expect(ErrorCode::kUnexpected));
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(FollowerSync{}), Expect(ErrorCode::kOk));
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));
  r.Do(Close{});
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(4, {EditA({1})}, "index", 1)}));
}

TEST(Erratum14, AnEditNeverTriggersAnIndexBuild) {
  Region r;
  r.config.index_mode = IndexMode::kAsync;
  EXPECT_EQ(r.Do(EditRegion{1, 0, 1, 0}), Expect(ErrorCode::kOk, {Mu(1, {EditA({1})}, "edit")}));
}

TEST(Erratum15, CreateOnAClosedRegionReopensItWritableAndReplaysTheWal) {
  Region r;
  r.Do(Put{2});
  r.Do(Close{});
  EXPECT_EQ(r.Do(Create{}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
}

// Erratum 16: a non-empty memtable makes catch-up reopen the region without replay; the fetcher
// is asked again (expr 1), so the new Writable instance backfills.
TEST(Erratum16, CatchupReopensLosingTheMemtable) {
  Region r;
  r.Do(Put{3});
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Catchup{true}), Reopens(ErrorCode::kOk, {Mu(1, {ChangeA()}, "backfill")}));
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));  // the row is gone
  r.Do(Close{});
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));  // and not in the WAL either
}

TEST(Erratum16, CatchupWithoutReopenDoesNotAskTheFetcher) {
  Region r;
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Catchup{true}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kWritable);
}

TEST(Erratum16, ADowngradingRegionReopenedByCatchupIsAFollower) {
  Region r;
  r.Do(Put{3});
  r.Do(SetRole{RoleState::kDowngrading});
  EXPECT_EQ(r.Do(Catchup{false}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().role, RoleState::kFollower);
}

TEST(Erratum16, ARemoteDeltaAboveTheCounterMakesCatchupReopen) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(CompactRemote{true, 0});
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Catchup{false}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

TEST(Erratum17, ApplyStagingOnWritableComparesTheVersionsExpr) {
  Region r;
  r.Do(Close{});
  r.Do(Open{true});  // no live expr: the fetcher's expr 1 is the version's
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Seen().live_partition_expr, 0);
  EXPECT_EQ(r.Do(ApplyStaging{1}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(ApplyStaging{2}), Expect(ErrorCode::kRegionState));
}

TEST(Erratum18, FollowerSyncDropsAFetcherOnlyExpr) {
  Region r;
  r.Do(Close{});
  r.Do(Open{true});
  EXPECT_EQ(r.Do(FollowerSync{}), Expect(ErrorCode::kOk));
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(ApplyStaging{1}), Expect(ErrorCode::kRegionState));
}

TEST(Erratum18, FollowerSyncDropsTheMemtableButTheWalKeepsItForOpen) {
  Region r;
  r.Do(Put{5});
  r.Do(SetRole{RoleState::kFollower});
  r.Do(FollowerSync{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));
  r.Do(Close{});
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
}

// Bug (c): the backfill's Change is persisted but not applied; FollowerSync installs nothing
// (v1 is the counter) and rebuilds the version from the in-memory manifest, which has no expr.
TEST(BugC, FollowerSyncAfterAFailedRebuildResetsTheVersionsExpr) {
  Region r;
  r.Do(Close{});
  r.Do(Open{true});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}, Fails(FaultKind::kRebuildFails)),
            Expect(ErrorCode::kOk));  // the failed backfill is swallowed
  r.Do(SetRole{RoleState::kFollower});
  r.Do(FollowerSync{});
  EXPECT_EQ(r.Seen().live_partition_expr, 0);
  r.Do(SetRole{RoleState::kWritable});
  // Without the sync the version would still hold expr 1 and this would backfill at v2.
  EXPECT_EQ(r.Do(SetRoleGracefully{GracefulTarget::kLeader}), Expect(ErrorCode::kOk));
}

TEST(Erratum19, AFinishedCompactionReRunsThePickerUntilItPicksNothing) {
  Region r = WithFlushedFiles({1, 2, 3, 4});
  r.config.auto_compact_threshold = 2;
  EXPECT_EQ(
      r.Do(CompactLocal{}),
      Expect(ErrorCode::kOk, {Sfw({5, 6}, "merge"), Mu(5, {EditA({5, 6}, {1, 2, 3, 4})}, "merge"),
                              Sfw({7}, "merge"), Mu(6, {EditA({7}, {5, 6})}, "merge")}));
}

TEST(Erratum19, NoReRunWithAutomaticCompactionOff) {
  Region r = WithFlushedFiles({1, 2, 3, 4});
  EXPECT_EQ(r.Do(CompactLocal{}),
            Expect(ErrorCode::kOk,
                   {Sfw({5, 6}, "merge"), Mu(5, {EditA({5, 6}, {1, 2, 3, 4})}, "merge")}));
}

TEST(Erratum22, AFlushStartedInStagingThatFindsWritableSchedulesACompaction) {
  Region r = WithFlushedFiles({1, 2});
  r.config.auto_compact_threshold = 2;
  r.Do(SetRoleGracefully{GracefulTarget::kStagingLeader});
  r.Do(Put{3});
  // The stale is_staging writes the staging dir; the compaction check then reads W.
  EXPECT_EQ(r.Do(Flush{}, RoleChange(RoleState::kWritable)),
            Expect(ErrorCode::kOk, {Sfw({3}, "flush"), Mu(3, {EditA({3})}, "flush"),
                                    Sfw({4}, "merge"), Mu(4, {EditA({4}, {1, 2})}, "merge")}));
}

// Erratum 23 under kUpstream: the datanode's counter stays at 2, its next live write reuses v3
// and overwrites the compactor's delta, so Open loses the compactor's edit.
TEST(Erratum23, TheDatanodesNextWriteReusesAndOverwritesTheCompactorsVersion) {
  Region r = WithFlushedFiles({1, 2});
  EXPECT_EQ(r.Do(CompactRemote{true, 0}),
            Expect(ErrorCode::kOk, {Sfw({3}, "remote merge", true),
                                    Mu(3, {EditA({3}, {1, 2})}, "remote merge", 0, true)}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2}));  // the manager's manifest
  EXPECT_EQ(r.Seen().manifest_version, 2u);
  r.Do(Put{3});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({4}, "flush"), Mu(3, {EditA({4})}, "flush")}));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2, 4}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
  // The version holds [3, 4]: a local compaction picks those.
  EXPECT_EQ(r.Do(CompactLocal{}),
            Expect(ErrorCode::kOk, {Sfw({5}, "merge"), Mu(4, {EditA({5}, {3, 4})}, "merge")}));
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1, 2, 5}));
  EXPECT_EQ(r.Seen().manifest_version, 4u);
}

TEST(Erratum23, WithoutAnOverwriteOpenReadsTheCompactorsDelta) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(CompactRemote{true, 0});
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

TEST(Erratum23, AFailedSaveAtTheCompactorsVersionLeavesItsDelta) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(CompactRemote{true, 0});
  r.Do(Put{3});
  EXPECT_EQ(r.Do(Flush{}, Fails(FaultKind::kSaveFails)),
            Expect(ErrorCode::kStorage, {Sfw({4}, "flush")}));
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

TEST(Erratum23, FollowerSyncInstallsTheCompactorsDelta) {
  Region r = WithFlushedFiles({1, 2});
  r.Do(CompactRemote{true, 0});
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(FollowerSync{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
}

TEST(Erratum23, ClosedCounterAdvancesAndNothingIsOverwritten) {
  Region r = WithFlushedFiles({1, 2});
  r.config.remote_counter = RemoteCounter::kClosed;
  r.Do(CompactRemote{true, 0});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3}));
  EXPECT_EQ(r.Seen().manifest_version, 3u);
  r.Do(Put{3});
  EXPECT_EQ(r.Do(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({4}, "flush"), Mu(4, {EditA({4})}, "flush")}));
  r.Do(Close{});
  r.Do(Open{});
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{3, 4}));
  EXPECT_EQ(r.Seen().manifest_version, 4u);
}

TEST(RegionState, FingerprintCoversTheNewFields) {
  RegionState a = InitialState();
  RegionState b = a;
  b.index_gen = 1;
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = a;
  b.persisted.index_gen = 1;
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = a;
  b.wal_unreplayed = {1};
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = a;
  b.version_files = std::vector<FileMeta>{};
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = a;
  b.remote_tail.push_back(RemoteDelta{1, EditA({1}), {}});
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = a;
  b.remote_base.version = 1;
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = a;
  FileMeta f;
  b.live_files = {f};
  RegionState c = b;
  c.live_files[0].index_gen = 1;
  EXPECT_NE(Fingerprint(b), Fingerprint(c));
}

// A deterministic random walk over every config: Step terminates (the re-run loop) and keeps
// the pending remote deltas consecutive from the counter + 1.
TEST(RandomWalk, RemoteDeltasStayJustAboveTheCounter) {
  const Command commands[] = {{Put{1}, {}},
                              {Put{7}, {}},
                              {Flush{}, {}},
                              {Flush{}, Fails(FaultKind::kSaveFails)},
                              {Flush{}, Fails(FaultKind::kRebuildFails)},
                              {CompactLocal{}, {}},
                              {CompactRemote{}, {}},
                              {EditRegion{2, 1, 1, 1}, {}},
                              {Alter{AlterKind::kSetIndexes}, {}},
                              {BuildIndex{}, {}},
                              {BuildIndex{}, Fails(FaultKind::kSaveFails)},
                              {Close{}, {}},
                              {Open{}, {}},
                              {FollowerSync{}, {}},
                              {Catchup{true}, {}},
                              {Catchup{false}, {}},
                              {SetRole{RoleState::kFollower}, {}},
                              {SetRole{RoleState::kWritable}, {}},
                              {EnterStaging{}, {}},
                              {Create{}, {}},
                              {Drop{}, {}},
                              {Truncate{}, {}},
                              {Flush{}, RoleChange(RoleState::kWritable)}};
  uint64_t seed = 12345;
  int steps_with_pending_deltas = 0;
  for (int config = 0; config < 8; ++config) {
    Region r;
    r.config.index_mode = (config & 1) ? IndexMode::kAsync : IndexMode::kSync;
    r.config.auto_compact_threshold = (config & 2) ? 2 : 0;
    r.config.skip_wal = (config & 4) != 0;
    for (int i = 0; i < 4000; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      const Command& c = commands[(seed >> 33) % std::size(commands)];
      r.Do(c.op, c.fault);
      steps_with_pending_deltas += !r.state.remote_tail.empty();
      for (size_t k = 0; k < r.state.remote_tail.size(); ++k) {
        ASSERT_EQ(r.state.remote_tail[k].version, r.state.last_version + 1 + k)
            << ToString(r.state);
      }
    }
  }
  EXPECT_GT(steps_with_pending_deltas, 0);  // the walk reaches the state it checks
}

}  // namespace
}  // namespace hookcheck::model
