// Every literal below is written from shared/spec/ (contract-table.md, hook-paths.md) and
// docs/contract.md by hand, not printed by the model: it is the third statement of the contract.
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

using model::ErrorCode;
using model::ModelConfig;
constexpr ErrorCode kOk = ErrorCode::kOk;

ModelConfig V3() { return ModelConfig{.contract = model::ContractVersion::kStagingSuppressed}; }
ModelConfig AutoCompact() { return ModelConfig{.auto_compact_threshold = 2}; }
ModelConfig AsyncIndex() { return ModelConfig{.index_mode = model::IndexMode::kAsync}; }
ModelConfig AutoCompactAndIndex() { return ModelConfig{.auto_compact_threshold = 2, .index_mode = model::IndexMode::kAsync}; }
ModelConfig SkipWal() { return ModelConfig{.skip_wal = true}; }
ModelConfig RemoteClosed() { return ModelConfig{.remote_counter = model::RemoteCounter::kClosed}; }

#define TWO_FLUSHES "Put ts=1", "Flush", "Put ts=2", "Flush"
#define THREE_FLUSHES "Put ts=1", "Flush", "Put ts=5", "Flush", "Put ts=6", "Flush"

const std::vector<Scenario>& Build() {
  static const std::vector<Scenario> all = {
      // Flush (§2.1).
      {"FlushFiresSstWrittenThenManifestUpdate", "coverage table: Flush; §2.1", {}, {"Put ts=1", "Put ts=2"},
       "Flush", kOk, {"SFW 1", "MU v1 Edit +1"}, std::vector<model::FileId>{1}},
      {"FlushOfEmptyMemtableFiresNothing", "§2.1, §3 non-writes", {}, {}, "Flush", kOk, {}},
      {"FlushInStagingFiresManifestUpdateToStaging", "§2.1, §11.5", {}, {"EnterStaging expr=1", "Put ts=1"},
       "Flush", kOk, {"SFW 1", "MU v2 Edit +1"}, std::vector<model::FileId>{}},
      {"FlushInDowngradingCommits", "§1.4, erratum 11", {}, {"Put ts=1", "SetRole role=Dg"}, "Flush", kOk,
       {"SFW 1", "MU v1 Edit +1"}},
      {"FlushOnFollowerIsRefused", "§2.1 flushable_region", {}, {"SetRole role=F"}, "Flush", ErrorCode::kRegionState, {}},

      // Local compaction (§2.2).
      {"LocalCompactionFiresSstWrittenThenManifestUpdate", "coverage table: Local compaction; §2.2", {},
       {TWO_FLUSHES}, "CompactLocal", kOk, {"SFW 3", "MU v3 Edit +3 -1,2"}, std::vector<model::FileId>{3}},
      {"LocalCompactionWithExpiredFilesFiresTwoManifestUpdates", "§2.2 step 3, §11.2", {}, {THREE_FLUSHES},
       "CompactLocal expire_before=3", kOk, {"MU v4 Edit -1", "SFW 4", "MU v5 Edit +4 -2,3"},
       std::vector<model::FileId>{4}},
      {"TtlOnlyCompactionFiresEmptySstWrittenAndEmptyEdit", "erratum 7", {}, {"Put ts=1", "Flush"},
       "CompactLocal expire_before=5", kOk, {"MU v2 Edit -1", "SFW", "MU v3 Edit"}, std::vector<model::FileId>{}},
      {"CompactionOutputFailureKeepsSurvivorsOnly", "§5 single output fails", {},
       {"Put ts=1", "Flush", "Put ts=2", "Flush", "Put ts=3", "Flush"}, "CompactLocal failed_outputs=1", kOk,
       {"SFW 5", "MU v4 Edit +5 -3"}, std::vector<model::FileId>{1, 2, 5}},
      {"CompactionWithEveryOutputFailedStillFiresEmptyEdit", "§5 all outputs fail", {}, {TWO_FLUSHES},
       "CompactLocal failed_outputs=1", kOk, {"SFW", "MU v3 Edit"}, std::vector<model::FileId>{1, 2}},
      {"CompactionWhoseMergeCrashesFiresNothing", "erratum 7", {}, {TWO_FLUSHES}, "CompactLocal crash=1",
       ErrorCode::kCompactionFailed, {}},
      {"CompactionWithoutMemoryBudgetFiresNothing", "§2.2 step 1, §5", {}, {TWO_FLUSHES},
       "CompactLocal budget_fails=1", ErrorCode::kCompactionFailed, {}},
      {"CompactionThatPicksNothingFiresNothing", "§2.2 picker", {}, {"Put ts=1", "Flush"}, "CompactLocal", kOk, {}},
      {"ManualCompactionInStagingIsSkipped", "§7 local compaction", {}, {TWO_FLUSHES, "EnterStaging expr=1"},
       "CompactLocal", kOk, {}},

      // Remote compaction (§2.3, §6).
      // Under the closed counter the datanode's live manifest takes the compactor's edit (erratum 23).
      {"RemoteCompactionFiresOnCompactorNode", "coverage table: Remote compaction; §2.3", RemoteClosed(),
       {TWO_FLUSHES}, "CompactRemote", kOk, {"SFW 3 @compactor", "MU v3 Edit +3 -1,2 @compactor"},
       std::vector<model::FileId>{3}},
      {"RemoteCompactionWithoutPluginsFiresNothing", "§6 without plugins", RemoteClosed(), {TWO_FLUSHES},
       "CompactRemote plugins=0", kOk, {}, std::vector<model::FileId>{3}},

      // Region edit (§2.4).
      {"RegionEditFiresManifestUpdateWithoutSstWritten", "coverage table: RegionEdit; §2.4", {}, {},
       "EditRegion add=2", kOk, {"MU v1 Edit +1,2"}, std::vector<model::FileId>{1, 2}},
      {"RegionEditRemovingFilesFiresManifestUpdate", "§2.4", {}, {"EditRegion add=2"}, "EditRegion add=0 remove=1",
       kOk, {"MU v2 Edit -1"}, std::vector<model::FileId>{2}},
      {"EmptyRegionEditIsRefused", "§2.4 is_valid_region_edit", {}, {}, "EditRegion add=0 remove=0",
       ErrorCode::kInvalidRequest, {}},
      {"QueuedRawEditsMergeIntoOneManifestUpdate", "§2.4, §11.7", {}, {}, "EditRegion add=1 queued=3", kOk,
       {"MU v1 Edit +1", "MU v2 Edit +2,3,4"}, std::vector<model::FileId>{1, 2, 3, 4}},
      {"RegionEditInStagingFiresManifestUpdateToStaging", "§2.4, §11.5", {}, {"EnterStaging expr=1"},
       "EditRegion add=1", kOk, {"MU v2 Edit +1"}, std::vector<model::FileId>{}},
      {"RegionEditOnFollowerIsBusy", "§2.4", {}, {"SetRole role=F"}, "EditRegion", ErrorCode::kRegionBusy, {}},

      // Copy region (§2.5).
      {"CopyRegionFiresManifestUpdate", "coverage table: Copy region; §2.5", {}, {}, "CopyRegion source_files=2",
       kOk, {"MU v1 Edit +1001,1002"}, std::vector<model::FileId>{1001, 1002}},
      {"CopyRegionWithNothingNewFiresNothing", "§2.5", {}, {"CopyRegion source_files=2"},
       "CopyRegion source_files=2", kOk, {}},
      {"CopyRegionInStagingIsRefused", "§7 quirk 3", {}, {"EnterStaging expr=1"}, "CopyRegion",
       ErrorCode::kRegionState, {}},

      // Enter staging (§2.9).
      {"EnterStagingFiresManifestUpdate", "coverage table: Enter staging; §2.9", {}, {}, "EnterStaging expr=2", kOk,
       {"MU v1 PartitionExprChange 2"}},
      {"EnterStagingWithDataFlushesFirst", "§2.9", {}, {"Put ts=1"}, "EnterStaging expr=1", kOk,
       {"SFW 1", "MU v1 Edit +1", "MU v2 PartitionExprChange 1"}, std::vector<model::FileId>{1}},
      {"EnterStagingRejectAllWritesFiresNothing", "§2.9 (b), §11.1", {}, {},
       "EnterStaging directive=reject_all_writes", kOk, {}},
      {"EnterStagingAgainWithSameDirectiveFiresNothing", "§2.9", {}, {"EnterStaging expr=1"}, "EnterStaging expr=1",
       kOk, {}},
      {"EnterStagingWithOtherDirectiveIsRefused", "§2.9", {}, {"EnterStaging expr=1"}, "EnterStaging expr=2",
       ErrorCode::kPartitionMismatch, {}},

      // Apply staging (§2.6, §4).
      {"ApplyStagingFiresManifestUpdateTwice", "coverage table: Apply staging, footnote 2; §4.1", {},
       {"EnterStaging expr=1", "Put ts=3", "Flush", "Remap files=2"}, "ApplyStaging expr=1", kOk,
       {"MU v3 Edit +2,3", "MU v4 PartitionExprChange 1 | Edit +1 | Edit +2,3"}, std::vector<model::FileId>{1, 2, 3}},
      {"ApplyStagingWithEmptyRemapStillFiresEmptyEdit", "erratum 8", {}, {"EnterStaging expr=1", "Remap files=0"},
       "ApplyStaging expr=1", kOk, {"MU v2 Edit", "MU v3 PartitionExprChange 1 | Edit"}},
      {"ApplyStagingAlreadyAppliedFiresNothing", "§2.6", {},
       {"EnterStaging expr=1", "Remap files=0", "ApplyStaging expr=1"}, "ApplyStaging expr=1", kOk, {}},
      {"ApplyStagingWithoutRemapFails", "§2.6 blob fetch", {}, {"EnterStaging expr=1"}, "ApplyStaging expr=1",
       ErrorCode::kStorage, {}},
      {"ApplyStagingOfRejectAllWritesIsRefused", "§2.6", {}, {"EnterStaging directive=reject_all_writes"},
       "ApplyStaging expr=1", ErrorCode::kPartitionMismatch, {}},

      // Alter (§2.7).
      {"AlterSchemaFiresManifestUpdate", "coverage table: Alter; §2.7", {}, {}, "Alter kind=add_column", kOk,
       {"MU v1 Change"}},
      {"AlterWithDataFlushesFirst", "§2.7", {}, {"Put ts=1"}, "Alter kind=add_column", kOk,
       {"SFW 1", "MU v1 Edit +1", "MU v2 Change"}},
      {"FormatAlterFiresManifestUpdate", "erratum 3", {}, {}, "Alter kind=format", kOk, {"MU v1 Change"}},
      {"OptionOnlyAlterFiresNothing", "erratum 3, §11.7", {}, {"Put ts=1"}, "Alter kind=options_only", kOk, {}},
      {"NoopAlterFiresNothing", "§2.7", {}, {}, "Alter kind=noop", kOk, {}},
      {"AlterInStagingIsRefused", "§7 quirk 3", {}, {"EnterStaging expr=1"}, "Alter", ErrorCode::kRegionState, {}},

      // Truncate (§2.8).
      {"TruncateAllFiresManifestUpdate", "coverage table: Truncate; §2.8", {}, {"Put ts=1", "Flush"}, "Truncate all=1",
       kOk, {"MU v2 TruncateAll"}, std::vector<model::FileId>{}},
      {"TruncateByTimeRangeFiresForCoveredFiles", "§2.8", {}, {"Put ts=1", "Flush", "Put ts=9", "Flush"},
       "Truncate all=0 lo=0 hi=5", kOk, {"MU v3 TruncatePartial -1"}, std::vector<model::FileId>{2}},
      {"TruncateByTimeRangeWithoutCoveredFilesFiresNothing", "§2.8, §11.7", {}, {"Put ts=9", "Flush"},
       "Truncate all=0 lo=0 hi=5", kOk, {}},

      // Index build (§2.10).
      // Sync index mode (erratum 13): flushed files are born consistent, so set_indexes makes them stale.
      {"BuildIndexFiresOneManifestUpdatePerFile", "coverage table: Async index build; §2.10; erratum 13", {},
       {TWO_FLUSHES, "Alter kind=set_indexes", "EditRegion add=1 rows=0"}, "BuildIndex", kOk,
       {"MU v5 Edit +1", "MU v6 Edit +2"}},
      {"BuildIndexWithNothingToIndexFiresNothing", "§2.10", {}, {"Put ts=1", "Flush", "BuildIndex"}, "BuildIndex",
       kOk, {}},
      {"BuildIndexInStagingIsAborted", "§2.10 should_abort_index", {}, {"Put ts=1", "Flush", "EnterStaging expr=1"},
       "BuildIndex", kOk, {}},

      // Catch-up, graceful role changes, backfill (§3, §4.3).
      {"CatchupSetWritableBackfillsPartitionExpr", "§3 catch-up, §4.3 backfill, §11.6", {}, {"Close", "Open"},
       "Catchup set_writable=1", kOk, {"MU v1 Change"}},
      {"CatchupWithoutSetWritableFiresNothing", "§3", {}, {"Close", "Open"}, "Catchup set_writable=0", kOk, {}},
      {"CatchupWithoutFetchedExprFiresNothing", "§4.3", {}, {"Close", "Open fetch_partition_expr=0"},
       "Catchup set_writable=1", kOk, {}},
      {"GracefulLeaderExitsStagingWithOneManifestUpdate", "§4.3", {}, {"EnterStaging expr=2", "Put ts=1", "Flush"},
       "SetRoleGracefully target=leader", kOk, {"MU v3 PartitionExprChange 2 | Edit +1"},
       std::vector<model::FileId>{1}},
      {"GracefulLeaderOnWritableBackfills", "erratum 4", {}, {"Close", "Open", "SetRole role=W"},
       "SetRoleGracefully target=leader", kOk, {"MU v1 Change"}},
      {"GracefulLeaderWithInvalidStagedActionsFiresNothing", "§4.2 step 3", {},
       {"SetRoleGracefully target=staging_leader", "Put ts=1", "Flush"}, "SetRoleGracefully target=leader",
       ErrorCode::kUnexpected, {}},
      {"GracefulStagingLeaderFiresNothing", "§2.9 other way in", {}, {}, "SetRoleGracefully target=staging_leader",
       kOk, {}},
      {"EnterStagingAfterGracefulStagingLeaderIsRefused", "erratum 10", {},
       {"SetRoleGracefully target=staging_leader"}, "EnterStaging expr=1", ErrorCode::kPartitionMismatch, {}},

      // Lifecycle and the documented non-firing paths (§3).
      {"SetRoleFiresNothing", "§1.5 lock-free set_role", {}, {"Put ts=1"}, "SetRole role=Dg", kOk, {}},
      {"CloseWithDataFlushesFirst", "errata 1, 12 (skip_wal)", SkipWal(), {"Put ts=1"}, "Close", kOk, {"SFW 1", "MU v1 Edit +1"}},
      {"CloseFromStagingFlushesToStaging", "errata 1, 12 (skip_wal)", SkipWal(), {"EnterStaging expr=1", "Put ts=1"}, "Close", kOk,
       {"SFW 1", "MU v2 Edit +1"}},
      {"CloseWithEmptyMemtableFiresNothing", "§3", {}, {}, "Close", kOk, {}},
      {"CloseWithWalKeepsMemtableAndFiresNothing", "erratum 12 (the default WAL)", {}, {"Put ts=1"}, "Close", kOk, {}},
      {"ReopenWithWalReplaysMemtable", "§1.1 counter read back, erratum 12 (SetRole, not Catchup: erratum 16)", {},
       {"Put ts=1", "Close", "Open fetch_partition_expr=0", "SetRole role=W"}, "Flush", kOk,
       {"SFW 1", "MU v1 Edit +1"}},
      {"DropFiresNothing", "doc: drop is internal bookkeeping", {}, {"Put ts=1", "Flush"}, "Drop", kOk, {}},
      {"OpenFiresNothing", "§3 open", {}, {"Close"}, "Open", kOk, {}},
      {"CreateFiresNothing", "§3 create", {}, {"Drop"}, "Create", kOk, {}},
      {"GcFiresNothing", "doc: GC is internal bookkeeping", {}, {"Put ts=1", "Flush"}, "Gc", kOk, {}},
      {"CheckpointFiresNothing", "doc: checkpoint", {}, {"Put ts=1", "Flush"}, "Checkpoint", kOk, {}},
      {"FollowerSyncFiresNothing", "doc: follower sync", {}, {"SetRole role=F"}, "FollowerSync", kOk, {}},
      {"RemapFiresNothing", "doc: remap", {}, {"EnterStaging expr=1"}, "Remap files=2", kOk, {}},
      {"PutOnFollowerIsRefused", "erratum 6", {}, {"SetRole role=F"}, "Put ts=1", ErrorCode::kRegionState, {}},
      {"OpsOnClosedRegionAreNotFound", "contract.md §2", {}, {"Close"}, "Flush", ErrorCode::kRegionNotFound, {}},

      // Failure rows (§5).
      {"FailedSaveFiresNoManifestUpdate", "§5 manifest save fails", {}, {"Put ts=1"}, "Flush fault=save_fails",
       ErrorCode::kStorage, {"SFW 1"}, std::vector<model::FileId>{}},
      {"FailedSaveConsumesItsVersion", "§1.2 consequences, §5", {}, {"Put ts=1", "Flush fault=save_fails"}, "Flush",
       kOk, {"SFW 2", "MU v2 Edit +2"}, std::vector<model::FileId>{2}},
      {"FailedRebuildPersistsDeltaWithoutManifestUpdate", "§1.2, §5", {}, {"Put ts=1"}, "Flush fault=rebuild_fails",
       ErrorCode::kUnexpected, {"SFW 1"}, std::vector<model::FileId>{}},
      {"FollowerSyncSkipsDeltaOfFailedRebuild", "§1.2, §11.8, erratum 18 (only deltas above the counter)", {},
       {"Put ts=1", "Flush fault=rebuild_fails", "SetRole role=F"}, "FollowerSync", kOk, {},
       std::vector<model::FileId>{}},
      {"SstWriteFailureFiresNothing", "§5 flush SST write error", {}, {"Put ts=1"}, "Flush fault=sst_write_fails",
       ErrorCode::kStorage, {}},
      {"FlushAfterSstWriteFailureRetriesTheMemtable", "§5", {}, {"Put ts=1", "Flush fault=sst_write_fails"}, "Flush",
       kOk, {"SFW 2", "MU v1 Edit +2"}},
      {"CommitRefusedAfterSstWriteFiresSstWrittenOnly", "§5 flush commit fails, §11.3", {}, {"Put ts=1"},
       "Flush fault=role_change:F", ErrorCode::kRegionState, {"SFW 1"}},
      {"CommitInDowngradingAfterRoleChangeStillFires", "§7 quirk 1", {}, {"Put ts=1"}, "Flush fault=role_change:Dg",
       kOk, {"SFW 1", "MU v1 Edit +1"}},
      {"CompactionCommitRefusedAfterSstWriteFiresSstWrittenOnly", "§5 compaction commit fails", {}, {TWO_FLUSHES},
       "CompactLocal fault=role_change:F", ErrorCode::kRegionState, {"SFW 3"}},
      {"FailedTtlStepIsSwallowed", "§5 TTL pre-step fails", {}, {THREE_FLUSHES},
       "CompactLocal expire_before=3 fault=save_fails", kOk, {"SFW 4", "MU v5 Edit +4 -2,3"},
       std::vector<model::FileId>{1, 4}},
      {"StaleStagingFlushStillFiresManifestUpdate", "§7 quirk 2", {}, {"EnterStaging expr=1", "Put ts=1"},
       "Flush fault=role_change:W", kOk, {"SFW 1", "MU v2 Edit +1"}, std::vector<model::FileId>{}},

      // Contract v3: staging-dir writes fire no MU (§10).
      {"V3EnterStagingFiresNothing", "§10 V3", V3(), {}, "EnterStaging expr=1", kOk, {}},
      {"V3StagingFlushFiresSstWrittenOnly", "§10 V3", V3(), {"EnterStaging expr=1", "Put ts=1"}, "Flush", kOk,
       {"SFW 1"}},
      {"V3ApplyStagingFiresManifestUpdateOnce", "§10 V3", V3(),
       {"EnterStaging expr=1", "Put ts=1", "Flush", "Remap files=1"}, "ApplyStaging expr=1", kOk,
       {"MU v4 PartitionExprChange 1 | Edit +1 | Edit +2"}, std::vector<model::FileId>{1, 2}},

      // Follow-on work (errata 2).
      {"AutoCompactionFollowsFlush", "erratum 2", AutoCompact(), {"Put ts=1", "Flush", "Put ts=2"}, "Flush", kOk,
       {"SFW 2", "MU v2 Edit +2", "SFW 3", "MU v3 Edit +3 -1,2"}, std::vector<model::FileId>{3}},
      {"AutoCompactionFollowsNonStagingEdit", "erratum 2", AutoCompact(), {}, "EditRegion add=2", kOk,
       {"MU v1 Edit +1,2", "SFW 3", "MU v2 Edit +3 -1,2"}, std::vector<model::FileId>{3}},
      {"AsyncIndexFollowsFlush", "erratum 2", AsyncIndex(), {"Put ts=1"}, "Flush", kOk,
       {"SFW 1", "MU v1 Edit +1", "MU v2 Edit +1"}},
      {"AsyncIndexThenAutoCompactionFollowFlush", "erratum 2", AutoCompactAndIndex(), {"Put ts=1", "Flush", "Put ts=2"},
       "Flush", kOk, {"SFW 2", "MU v3 Edit +2", "MU v4 Edit +2", "SFW 3", "MU v5 Edit +3 -1,2", "MU v6 Edit +3"}},
      {"SetIndexesAlterRebuildsEveryIndex", "§2.10 triggers", AsyncIndex(), {"Put ts=1", "Flush"},
       "Alter kind=set_indexes", kOk, {"MU v3 Change", "MU v4 Edit +1"}},
  };
  return all;
}

}  // namespace

std::span<const Scenario> ContractScenarios() { return Build(); }

std::span<const Scenario> AllScenarios() {
  static const std::vector<Scenario> all = [] {
    std::vector<Scenario> out;
    for (std::span<const Scenario> set :
         {ContractScenarios(), ErrataScenarios(), UpstreamScenarios(), VersionScenarios()}) {
      out.insert(out.end(), set.begin(), set.end());
    }
    return out;
  }();
  return all;
}

}  // namespace hookcheck::scenarios
