#include "engine/mutant.h"

#include <array>

namespace hookcheck::engine {
namespace {

constexpr std::array<Mutant, 25> kAll = {
    Mutant::kMuUnderManifestLock,
    Mutant::kSkipSfwOnCompaction,
    Mutant::kApplyStagingFiresOnce,
    Mutant::kMuOnFailedCommit,
    Mutant::kHookOnGc,
    Mutant::kVersionNotConsumedOnFailedSave,
    Mutant::kSfwAfterMu,
    Mutant::kSfwOnWorkerLoop,
    Mutant::kEditTriggersIndexBuild,
    Mutant::kCreateRefusesExistingRegion,
    Mutant::kCatchupSkipsReopen,
    Mutant::kApplyStagingComparesLiveExpr,
    Mutant::kFollowerSyncKeepsVersionExpr,
    Mutant::kCompactionNotRescheduled,
    Mutant::kIndexFailureSparesWaitingBuilds,
    Mutant::kRemoteCompactionRefusedInStaging,
    Mutant::kFlushCompactionCheckReadsStartState,
    // Contract versions V2-V5 and payloads (issue 8 items 5-6).
    Mutant::kOpenedOnCatchupReopen,
    Mutant::kClosedBeforeCloseFlush,
    Mutant::kFilesRemovedBeforeDropped,
    Mutant::kGcFiresWithoutDeletions,
    Mutant::kFlushWrongFlushedEntryId,
    Mutant::kSfwWrongRowCount,
    Mutant::kCancelledFlushFiresMu,
    // A deadlock (issue 10).
    Mutant::kManifestReadUnderWrite,
};

}  // namespace

std::string_view Name(Mutant m) {
  switch (m) {
    case Mutant::kNone:
      return "none";
    case Mutant::kMuUnderManifestLock:
      return "mu_under_manifest_lock";
    case Mutant::kSkipSfwOnCompaction:
      return "skip_sfw_on_compaction";
    case Mutant::kApplyStagingFiresOnce:
      return "apply_staging_fires_once";
    case Mutant::kMuOnFailedCommit:
      return "mu_on_failed_commit";
    case Mutant::kHookOnGc:
      return "hook_on_gc";
    case Mutant::kVersionNotConsumedOnFailedSave:
      return "version_not_consumed_on_failed_save";
    case Mutant::kSfwAfterMu:
      return "sfw_after_mu";
    case Mutant::kSfwOnWorkerLoop:
      return "sfw_on_worker_loop";
    case Mutant::kEditTriggersIndexBuild:
      return "edit_triggers_index_build";
    case Mutant::kCreateRefusesExistingRegion:
      return "create_refuses_existing_region";
    case Mutant::kCatchupSkipsReopen:
      return "catchup_skips_reopen";
    case Mutant::kApplyStagingComparesLiveExpr:
      return "apply_staging_compares_live_expr";
    case Mutant::kFollowerSyncKeepsVersionExpr:
      return "follower_sync_keeps_version_expr";
    case Mutant::kCompactionNotRescheduled:
      return "compaction_not_rescheduled";
    case Mutant::kIndexFailureSparesWaitingBuilds:
      return "index_failure_spares_waiting_builds";
    case Mutant::kRemoteCompactionRefusedInStaging:
      return "remote_compaction_refused_in_staging";
    case Mutant::kFlushCompactionCheckReadsStartState:
      return "flush_compaction_check_reads_start_state";
    case Mutant::kOpenedOnCatchupReopen:
      return "opened_on_catchup_reopen";
    case Mutant::kClosedBeforeCloseFlush:
      return "closed_before_close_flush";
    case Mutant::kFilesRemovedBeforeDropped:
      return "files_removed_before_dropped";
    case Mutant::kGcFiresWithoutDeletions:
      return "gc_fires_without_deletions";
    case Mutant::kFlushWrongFlushedEntryId:
      return "flush_wrong_flushed_entry_id";
    case Mutant::kSfwWrongRowCount:
      return "sfw_wrong_row_count";
    case Mutant::kCancelledFlushFiresMu:
      return "cancelled_flush_fires_mu";
    case Mutant::kManifestReadUnderWrite:
      return "manifest_read_under_write";
  }
  return "?";
}

std::optional<Mutant> ParseMutant(std::string_view s) {
  if (s == "none") return Mutant::kNone;
  for (Mutant m : kAll) {
    if (Name(m) == s) return m;
  }
  return std::nullopt;
}

std::span<const Mutant> AllMutants() { return kAll; }

model::ModelConfig ConfigThatShows(Mutant m) {
  model::ModelConfig config;
  switch (m) {
    case Mutant::kCompactionNotRescheduled:
    case Mutant::kFlushCompactionCheckReadsStartState:
      config.auto_compact_threshold = 2;
      break;
    case Mutant::kEditTriggersIndexBuild:
      config.index_mode = model::IndexMode::kAsync;
      break;
    case Mutant::kOpenedOnCatchupReopen:
    case Mutant::kFilesRemovedBeforeDropped:
      config.contract = model::ContractVersion::kLifecycle;
      break;
    case Mutant::kClosedBeforeCloseFlush:
      config.contract = model::ContractVersion::kLifecycle;
      config.skip_wal = true;  // only a no-op WAL flushes at close
      break;
    case Mutant::kGcFiresWithoutDeletions:
      config.contract = model::ContractVersion::kGc;
      break;
    case Mutant::kCancelledFlushFiresMu:
      config.contract = model::ContractVersion::kHead;
      break;
    default:
      break;
  }
  return config;
}

}  // namespace hookcheck::engine
