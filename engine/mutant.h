// File: engine/mutant.h
// Defines `Mutant`, the seeded bugs of RefEngine. Each breaks one rule of the contract and is
// named after it; the mutation tests show that the suites catch every one.
// Thread-safety: immutable values.
#ifndef HOOKCHECK_ENGINE_MUTANT_H_
#define HOOKCHECK_ENGINE_MUTANT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "model/config.h"

namespace hookcheck::engine {

enum class Mutant : uint8_t {
  kNone,
  kMuUnderManifestLock,    // fires the pending hook before dropping the manifest write lock
  kSkipSfwOnCompaction,    // compaction never calls on_sst_files_written
  kApplyStagingFiresOnce,  // apply staging drops the promotion's pending hook
  kMuOnFailedCommit,       // a failed save still fires MU
  kHookOnGc,               // GC's clear_deleted_files fires MU
  kVersionNotConsumedOnFailedSave,  // a failed save gives its version back
  kSfwAfterMu,                      // flush calls SFW after the commit's MU
  kSfwOnWorkerLoop,                 // flush calls SFW on the worker loop, before spawning its job
  // Errata 14-22: each restores the engine's behaviour before the second check of the code.
  kEditTriggersIndexBuild,               // an edit batch's new files get async index builds
  kCreateRefusesExistingRegion,          // Create on an open or closed region: RegionExists
  kCatchupSkipsReopen,                   // catch-up never reopens the region
  kApplyStagingComparesLiveExpr,         // apply staging on W compares the live manifest's expr
  kFollowerSyncKeepsVersionExpr,         // follower sync keeps the version's partition expr
  kCompactionNotRescheduled,             // a finished compaction never runs the picker again
  kIndexFailureSparesWaitingBuilds,      // a failed index write leaves the waiting builds alone
  kRemoteCompactionRefusedInStaging,     // CompactRemote in S: RegionState
  kFlushCompactionCheckReadsStartState,  // a flush started in S never schedules a compaction
  // Issue 8 items 5-6: contract versions V2-V5 and payloads.
  kOpenedOnCatchupReopen,      // V2: a catch-up reopen fires on_region_opened
  kClosedBeforeCloseFlush,     // V2 + skip_wal: on_region_closed before the close's flush
  kFilesRemovedBeforeDropped,  // V2: on_region_files_removed before on_region_dropped
  kGcFiresWithoutDeletions,    // V4: on_region_gc with nothing deleted and no full listing
  kFlushWrongFlushedEntryId,   // a flush edit's flushed_entry_id is one past the last entry
  kSfwWrongRowCount,           // a flushed file's rows (SFW file info) count one too many
  kCancelledFlushFiresMu,      // V5: a flush cancelled at mark_commit_started still commits
  // Issue 10: a deadlock, which the engine's runtime stops the run for.
  kManifestReadUnderWrite,  // a state-checked commit reads ML's read half under its write half
};

std::string_view Name(Mutant m);  // "none", "mu_under_manifest_lock", ...
std::optional<Mutant> ParseMutant(std::string_view s);
// Every mutant but kNone.
std::span<const Mutant> AllMutants();
// The configuration whose paths run the mechanism `m` breaks: auto compaction for the re-run and
// post-flush check, Async index mode for the edit's index build, the contract version that has the
// callback or path (v2 lifecycle, v4 GC, v5 flush cancellation; skip_wal for the close-time
// flush); the defaults for the rest.
model::ModelConfig ConfigThatShows(Mutant m);

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_MUTANT_H_
