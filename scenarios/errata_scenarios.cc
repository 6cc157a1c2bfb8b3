// One or more scenarios per erratum 12-23 of shared/spec/hook-paths.md, and the three settled
// disagreements (bugs a, b, c). Every literal is written by hand from the errata, the research notes
// r1 (index, compaction) and r2 (lifecycle) on upstream f684479d9c, and the upstream code they cite:
// never printed by the model or the engine. errata_test.cc checks that each fails on the old
// behaviour (an engine mutant, or a config flip) and passes on the new.
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

using model::ErrorCode;
using model::ModelConfig;
using Files = std::vector<model::FileId>;
constexpr ErrorCode kOk = ErrorCode::kOk;
constexpr model::RoleState kW = model::RoleState::kWritable;
constexpr model::RoleState kF = model::RoleState::kFollower;
constexpr model::RoleState kS = model::RoleState::kStaging;

ModelConfig Async() { return ModelConfig{.index_mode = model::IndexMode::kAsync}; }
ModelConfig Auto(uint8_t k) { return ModelConfig{.auto_compact_threshold = k}; }

const std::vector<Scenario>& Build() {
  static const std::vector<Scenario> all = {
      // ---- Erratum 12: the default WAL is a real one. Old behaviour: skip_wal=1.
      {.name = "RealWalCloseFlushesNothing",
       .spec = "erratum 12; upstream worker/handle_close.rs::handle_close_request (flush only for "
               "a Noop WAL)",
       .setup = {"Put ts=1"},
       .act = "Close",
       .result = kOk,
       .calls = {},
       .presence_after = model::Presence::kClosed},
      {.name = "RealWalOpenReplaysTheMemtable",
       .spec = "erratum 12; upstream region/opener.rs::replay_memtable",
       .setup = {"Put ts=1", "Close", "Open fetch_partition_expr=0", "SetRole role=W"},
       .act = "Flush",
       .result = kOk,
       .calls = {"SFW 1", "MU v1 Edit +1"},
       .live_files_after = Files{1},
       .role_after = kW,
       .version_after = 1},

      {.name = "StagingFlushTrimsTheWalSoReopenReplaysNothing",
       .spec = "erratum 12; r2 §1; upstream worker/handle_flush.rs::handle_flush_finished "
               "l.300-310 (obsolete for staging too)",
       .setup = {"EnterStaging expr=1", "Put ts=1", "Flush", "Close", "Open fetch_partition_expr=0",
                 "SetRole role=W"},
       .act = "Flush",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{},
       .role_after = kW,
       .version_after = 0},

      // ---- Erratum 13: Sync index mode by default. Old behaviour: index_mode=async.
      {.name = "SyncIndexFlushFiresNoIndexManifestUpdate",
       .spec = "erratum 13; upstream worker/handle_flush.rs::handle_flush_finished (index task "
               "only in Async)",
       .setup = {"Put ts=1"},
       .act = "Flush",
       .result = kOk,
       .calls = {"SFW 1", "MU v1 Edit +1"},
       .live_files_after = Files{1},
       .version_after = 1},
      {.name = "SyncIndexManualBuildIndexBuildsNothingForFlushedFiles",
       .spec = "erratum 13; upstream worker/handle_rebuild_index.rs::handle_build_index_request "
               "(stale files only)",
       .setup = {"Put ts=1", "Flush", "Put ts=2", "Flush"},
       .act = "BuildIndex",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{1, 2},
       .version_after = 2},
      {.name = "SyncIndexBuildIndexAfterSetIndexesRebuildsStaleFiles",
       .spec = "erratum 13; upstream sst/file.rs::is_index_consistent_with_region, "
               "worker/handle_alter.rs",
       .setup = {"Put ts=1", "Flush", "Alter kind=set_indexes"},
       .act = "BuildIndex",
       .result = kOk,
       .calls = {"MU v3 Edit +1"},
       .live_files_after = Files{1},
       .version_after = 3},

      // ---- Erratum 14: async triggers; a region edit never triggers an index build.
      {.name = "AsyncIndexRegionEditTriggersNoIndexBuild",
       .spec = "erratum 14; upstream worker/handle_manifest.rs::handle_region_edit_result (no "
               "index call)",
       .config = Async(),
       .setup = {},
       .act = "EditRegion add=1",
       .result = kOk,
       .calls = {"MU v1 Edit +1"},
       .live_files_after = Files{1},
       .version_after = 1},
      {.name = "AsyncIndexManualCompactionIndexesItsOutputs",
       .spec =
           "erratum 14; upstream worker/handle_compaction.rs::handle_compaction_finished l.90-108",
       .config = Async(),
       .setup = {"Put ts=1", "Flush", "Put ts=2", "Flush"},
       .act = "CompactLocal",
       .result = kOk,
       .calls = {"SFW 3", "MU v5 Edit +3 -1,2", "MU v6 Edit +3"},
       .live_files_after = Files{3},
       .version_after = 6},

      // ---- Erratum 15: Create never refuses.
      {.name = "CreateOnOpenRegionIsOkAndChangesNothing",
       .spec = "erratum 15; upstream worker/handle_create.rs::handle_create_request "
               "(check_recovered_region)",
       .setup = {"Put ts=1", "Flush", "SetRole role=F"},
       .act = "Create",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{1},
       .role_after = kF,
       .version_after = 1},
      {.name = "CreateOnClosedRegionReopensItWritable",
       .spec =
           "erratum 15; upstream region/opener.rs::create_or_open (maybe_open, set_role(Leader))",
       .setup = {"Put ts=1", "Flush", "Close"},
       .act = "Create",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{1},
       .role_after = kW,
       .version_after = 1,
       .presence_after = model::Presence::kOpen},
      {.name = "CreateOnClosedRegionReplaysTheWal",
       .spec = "erratum 15; upstream region/opener.rs::create_or_open (maybe_open replays, "
               "skip_wal_replay false)",
       .setup = {"Put ts=1", "Close", "Create"},
       .act = "Flush",
       .result = kOk,
       .calls = {"SFW 1", "MU v1 Edit +1"},
       .live_files_after = Files{1},
       .role_after = kW,
       .version_after = 1},

      // ---- Erratum 16: catch-up reopens (losing the memtable) when the memtable is non-empty.
      {.name = "CatchupReopenLosesTheReplayedMemtable",
       .spec = "erratum 16; upstream worker/handle_catchup.rs::reopen_region_if_needed, "
               "region/catchup.rs::local_wal_catchup",
       .setup = {"Put ts=1", "Close", "Open fetch_partition_expr=0", "Catchup set_writable=1"},
       .act = "Flush",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{},
       .role_after = kW,
       .version_after = 0},
      {.name = "CatchupWithoutSetWritableAlsoReopens",
       .spec = "erratum 16; upstream worker/handle_catchup.rs::handle_catchup_request",
       .setup = {"Put ts=1", "Put ts=2", "SetRole role=F", "Catchup set_writable=0",
                 "SetRole role=W"},
       .act = "Flush",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{},
       .role_after = kW,
       .version_after = 0},

      // ---- Erratum 17: ApplyStaging on W compares the version's expr (the fetcher's after Open).
      {.name = "ApplyStagingOnWritableComparesVersionExpr",
       .spec = "erratum 17; upstream "
               "worker/handle_apply_staging.rs::handle_apply_staging_manifest_request",
       .setup = {"Close", "Open fetch_partition_expr=1", "SetRole role=W"},
       .act = "ApplyStaging expr=1",
       .result = kOk,
       .calls = {},
       .role_after = kW,
       .version_after = 0,
       .live_expr_after = 0},

      // ---- Erratum 18: FollowerSync rebuilds the version from the live manifest: a fetcher-only expr goes.
      {.name = "FollowerSyncDropsFetcherOnlyExpr",
       .spec = "erratum 18; upstream worker/handle_manifest.rs::handle_region_sync l.266",
       .setup = {"Close", "Open fetch_partition_expr=1", "FollowerSync", "SetRole role=W"},
       .act = "SetRoleGracefully target=leader",
       .result = kOk,
       .calls = {},
       .role_after = kW,
       .version_after = 0,
       .live_expr_after = 0},

      // ---- Erratum 19: after every finished compaction (manual too) the picker runs again.
      {.name = "ManualCompactionIsRescheduledUntilNothingIsPicked",
       .spec = "erratum 19; upstream compaction.rs::schedule_next_compaction via "
               "handle_compaction_finished",
       .config = Auto(2),
       .setup = {"CopyRegion source_files=4"},
       .act = "CompactLocal",
       .result = kOk,
       .calls = {"SFW 1,2", "MU v2 Edit +1,2 -1001,1002,1003,1004", "SFW 3", "MU v3 Edit +3 -1,2"},
       .live_files_after = Files{3},
       .version_after = 3},
      {.name = "AutoCompactionAfterEditIsRescheduled",
       .spec =
           "erratum 19; upstream worker/handle_compaction.rs::handle_compaction_finished l.125-128",
       .config = Auto(2),
       .setup = {},
       .act = "EditRegion add=4",
       .result = kOk,
       .calls = {"MU v1 Edit +1,2,3,4", "SFW 5,6", "MU v2 Edit +5,6 -1,2,3,4", "SFW 7",
                 "MU v3 Edit +7 -5,6"},
       .live_files_after = Files{7},
       .version_after = 3},

      {.name = "CompactionWithEveryOutputFailedIsStillRescheduled",
       .spec = "erratum 19; r1 §4 (an empty-edit commit re-runs; the re-run carries no fault); "
               "upstream compaction.rs::schedule_next_compaction",
       .config = Auto(2),
       .setup = {"CopyRegion source_files=4"},
       .act = "CompactLocal failed_outputs=3",
       .result = kOk,
       .calls = {"SFW", "MU v2 Edit", "SFW 3,4", "MU v3 Edit +3,4 -1001,1002,1003,1004", "SFW 5",
                 "MU v4 Edit +5 -3,4"},
       .live_files_after = Files{5},
       .version_after = 4},

      // ---- Erratum 20: a failed index manifest write fails the builds still waiting for the slot.
      {.name = "IndexWriteFailureCancelsWaitingBuilds",
       .spec = "erratum 20; upstream sst/index.rs::IndexBuildStatus::on_failure, "
               "handle_rebuild_index.rs l.159-200",
       .setup = {"Put ts=1", "Flush", "Put ts=2", "Flush", "Alter kind=set_indexes"},
       .act = "BuildIndex fault=save_fails",
       .result = ErrorCode::kStorage,
       .calls = {},
       .live_files_after = Files{1, 2},
       .version_after = 4},
      {.name = "IndexWriteFailureOfTheLastBuildAnswersOk",
       .spec = "erratum 20; upstream worker/handle_rebuild_index.rs::handle_rebuild_index (failing "
               "task reports Ok)",
       .setup = {"Put ts=1", "Flush", "Alter kind=set_indexes"},
       .act = "BuildIndex fault=save_fails",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{1},
       .version_after = 3},
      {.name = "BuildIndexAfterCancelledBuildsRebuildsThem",
       .spec = "erratum 20; upstream sst/index.rs::on_failure (cancelled files stay stale)",
       .setup = {"Put ts=1", "Flush", "Put ts=2", "Flush", "Alter kind=set_indexes",
                 "BuildIndex fault=save_fails"},
       .act = "BuildIndex",
       .result = kOk,
       .calls = {"MU v5 Edit +1", "MU v6 Edit +2"},
       .live_files_after = Files{1, 2},
       .version_after = 6},

      {.name = "IndexWriteFailureWithOnlyAnEmptyBuildWaitingStillFails",
       .spec = "erratum 20; r1 §3 (err iff some task, even a 0-row one, was cancelled); upstream "
               "sst/index.rs::on_failure",
       .setup = {"Put ts=1", "Flush", "Alter kind=set_indexes", "EditRegion add=1 rows=0"},
       .act = "BuildIndex fault=save_fails",
       .result = ErrorCode::kStorage,
       .calls = {},
       .live_files_after = Files{1, 2},
       .version_after = 4},

      // ---- Erratum 21: remote compaction in S is skipped like a local one.
      {.name = "RemoteCompactionInStagingIsSkipped",
       .spec =
           "erratum 21; upstream compaction.rs::CompactionScheduler::schedule_compaction l.165-174",
       .setup = {"Put ts=1", "Flush", "Put ts=2", "Flush", "EnterStaging expr=1"},
       .act = "CompactRemote",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{1, 2},
       .role_after = kS,
       .version_after = 3},

      // ---- Erratum 22: the compaction check after a flush reads the current role.
      {.name = "StagingFlushFinishingInWritableSchedulesCompaction",
       .spec = "erratum 22; upstream worker/handle_flush.rs::handle_flush_finished l.354, "
               "handle_compaction.rs::schedule_compaction",
       .config = Auto(2),
       .setup = {"CopyRegion source_files=2", "EnterStaging expr=1", "Put ts=1"},
       .act = "Flush fault=role_change:W",
       .result = kOk,
       .calls = {"SFW 1", "MU v3 Edit +1", "SFW 2", "MU v4 Edit +2 -1001,1002"},
       .live_files_after = Files{2},
       .role_after = kW,
       .version_after = 4},

      // ---- Erratum 23: the datanode's counter stays behind a remote compaction. Old: remote_counter=closed.
      {.name = "RemoteCompactionThenLiveWriteReusesTheCompactorVersion",
       .spec = "erratum 23; upstream worker/handle_compaction.rs::handle_compaction_finished "
               "(apply_edit only)",
       .setup = {"Put ts=1", "Flush", "Put ts=2", "Flush", "CompactRemote", "Put ts=3"},
       .act = "Flush",
       .result = kOk,
       .calls = {"SFW 4", "MU v3 Edit +4"},
       .version_after = 3},
      {.name = "RemoteCompactionLeavesTheDatanodeManifestBehind",
       .spec = "erratum 23; upstream worker/handle_compaction.rs::handle_compaction_finished; r2 "
               "§7 (live_files = mem_live)",
       .setup = {"Put ts=1", "Flush", "Put ts=2", "Flush"},
       .act = "CompactRemote",
       .result = kOk,
       .calls = {"SFW 3 @compactor", "MU v3 Edit +3 -1,2 @compactor"},
       .live_files_after = Files{1, 2},
       .version_after = 2},

      // ---- Bug (a), r1 §6: FollowerSync never installs the rebuild-failed Change, so file 1 stays consistent.
      {.name = "BugA_BuildIndexAfterFollowerSyncOverFailedSetIndexesBuildsNothing",
       .spec = "r1 §6; erratum 18; upstream manifest/manager.rs::install_manifest_to l.397-405",
       .setup = {"EditRegion add=1", "BuildIndex", "Alter kind=set_indexes fault=rebuild_fails",
                 "SetRole role=F", "FollowerSync", "SetRole role=W"},
       .act = "BuildIndex",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{1},
       .role_after = kW,
       .version_after = 3},
      {.name = "BugA_BuildIndexAfterReopenOverFailedSetIndexesRebuilds",
       .spec = "r1 §6 (Open replays the persisted Change); upstream manifest/manager.rs::open",
       .setup = {"EditRegion add=1", "BuildIndex", "Alter kind=set_indexes fault=rebuild_fails",
                 "Close", "Open fetch_partition_expr=0", "SetRole role=W"},
       .act = "BuildIndex",
       .result = kOk,
       .calls = {"MU v4 Edit +1"},
       .live_files_after = Files{1},
       .role_after = kW,
       .version_after = 4},

      // ---- Bug (b), r2 §1: Open replays only the WAL entries above the persisted flushed entry id.
      {.name = "BugB_ReopenAfterRebuildFailedFlushReplaysNothing",
       .spec = "r2 §1; erratum 12; upstream region/opener.rs::replay_memtable (from "
               "flushed_entry_id + 1)",
       .setup = {"Put ts=1", "Flush fault=rebuild_fails", "Close", "Open", "SetRole role=W"},
       .act = "Flush",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{1},
       .role_after = kW,
       .version_after = 1},

      // ---- Bug (c), r2 §5: FollowerSync after a failed rebuild.
      {.name = "BugC_FollowerSyncAfterFailedRebuildInstallsNothing",
       .spec = "r2 §5; erratum 18; upstream manifest/manager.rs::install_manifest_to (counter >= "
               "target)",
       .setup = {"Put ts=1", "Flush fault=rebuild_fails", "SetRole role=F"},
       .act = "FollowerSync",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{},
       .role_after = kF,
       .version_after = 1},
      {.name = "BugC_FollowerSyncDropsTheKeptMemtable",
       .spec = "r2 §5 step 3; upstream worker/handle_manifest.rs::handle_region_sync l.257-264",
       .setup = {"Put ts=1", "Flush fault=rebuild_fails", "SetRole role=F", "FollowerSync",
                 "SetRole role=W"},
       .act = "Flush",
       .result = kOk,
       .calls = {},
       .live_files_after = Files{},
       .role_after = kW,
       .version_after = 1},
      {.name = "BugC_FollowerSyncAfterFailedBackfillTakesTheInMemoryExpr",
       .spec = "r2 §5 answer to bug (c); erratum 18; upstream "
               "worker/handle_manifest.rs::handle_region_sync l.266",
       .setup = {"Close", "Open fetch_partition_expr=1",
                 "Catchup set_writable=1 fault=rebuild_fails", "SetRole role=F", "FollowerSync",
                 "SetRole role=W"},
       .act = "SetRoleGracefully target=leader",
       .result = kOk,
       .calls = {},
       .role_after = kW,
       .version_after = 1,
       .live_expr_after = 0},
  };
  return all;
}

}  // namespace

std::span<const Scenario> ErrataScenarios() { return Build(); }

}  // namespace hookcheck::scenarios
