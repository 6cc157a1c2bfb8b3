// File: engine/region_hook.h
// Defines `RegionHook`, the engine's callback interface (mito2's `RegionHook` trait), and
// `PendingManifestHook` (PMH), the not-yet-fired MU a manifest write returns.
//
// Each paragraph's "Checked:" names what fails when its rule breaks: `test Suite.Name` (a
// GoogleTest test), `scenario Name` (scenarios/), `mutant name` (engine/mutant.h), `regression
// file.seq` (scenarios/regression/), `compile check name` (engine/compile_checks/name.cc). Items
// are separated by ";", names of one kind by ",", and the list ends with a full stop.
// RegionHookClaims.EveryCheckedNameExists parses this header and fails on a name that does not
// exist.
//
// OnSstFilesWritten (SFW)
//   [Threading] the background flush or compaction task (the compactor node's thread for remote
//   compactions), never the worker loop. The recorder marks a call made on a worker loop thread
//   (HookEvent::on_worker_loop) and the TraceChecker reports it. Checked: tests
//   TraceChecker.SfwOnTheWorkerLoopIsAProblem, RefEngineTest.MutantSfwOnWorkerLoopIsRecordedAsSuch,
//   RefEngineConcurrencyTest.SetRoleAndManifestReadersRaceEveryCommitPathOfOneInstance; mutant
//   sfw_on_worker_loop; regression flush_sfw_before_mu.seq.
//   [Locking] called with no manifest lock held: before the commit takes it. Every call goes
//   through InvokeHook below, annotated REQUIRES(!ml), so a call under the region's manifest lock
//   does not build (clang, -Werror=thread-safety in engine/). Checked: compile check
//   hook_under_guard; tests EngineHookGateTest.EveryHookCallGoesThroughTheGate,
//   TraceChecker.ACallUnderTheManifestLockIsAProblem,
//   RefEngineConcurrencyTest.SetRoleAndManifestReadersRaceEveryCommitPathOfOneInstance.
//   [Ordering] before the MU of the same task's commit. Checked: scenarios
//   FlushFiresSstWrittenThenManifestUpdate, LocalCompactionWithExpiredFilesFiresTwoManifestUpdates;
//   mutant sfw_after_mu; regression flush_sfw_before_mu.seq.
//   [Lifetime] `files` lives for the call only.
//   WART: never retracted. A commit that then fails leaves SFW without MU (scenarios
//   CommitRefusedAfterSstWriteFiresSstWrittenOnly, CompactionCommitRefusedAfterSstWriteFiresSstWrittenOnly).
// OnManifestUpdated (MU)
//   [Threading] the task that committed, after it released the manifest lock.
//   [Locking] no manifest lock held (the PMH is fired after the guard is dropped, through
//   PendingManifestHook::Fire, annotated REQUIRES(!ml)). Checked: compile check
//   pending_under_guard; tests TraceChecker.ACallUnderTheManifestLockIsAProblem,
//   ManifestContextTest.MutantFiringUnderTheManifestWriteLockStopsTheRun; mutant mu_under_manifest_lock;
//   regression edit_mu_outside_manifest_lock.seq.
//   [Ordering] versions strictly increase in commit order within a region instance; calls from
//   different tasks may arrive out of version order. Checked: tests
//   TraceChecker.AVersionBelowAnEarlierStepsIsAProblem,
//   RefEngineConcurrencyTest.SetRoleAndManifestReadersRaceEveryCommitPathOfOneInstance;
//   scenario ApplyStagingFiresManifestUpdateTwice.
//   [Errors] fired only after a successful save and rebuild. Checked: scenarios
//   FailedSaveFiresNoManifestUpdate, FailedSaveConsumesItsVersion; mutants mu_on_failed_commit,
//   version_not_consumed_on_failed_save.
//   WART: two committed-but-unnotified windows. A save that succeeded before the in-memory rebuild
//   failed (scenario FailedRebuildPersistsDeltaWithoutManifestUpdate), and a failed exit-staging
//   compare-exchange after the live write (hook-paths §4.2 step 7; needs a concurrent SetRole, not
//   reached by a sequential check).
// How the engine reaches a hook: only through `InvokeHook` below (or ManifestContext::InvokeHook,
// which forwards to it). Any callback added to RegionHook goes through the same function.
// Lifecycle callbacks, contract V2+ (c70cbaa132), called only when
// model::FiresLifecycleCallbacks(EngineOptions::contract), through InvokeHook:
//   OnRegionOpened: a create (worker loop, before the region is registered) or an open (the
//   spawned open task); never for a catch-up reopen or a compaction region. Checked: tests
//   VersionsTest.LifecycleCallbacksFireWhereUpstreamCallsThem,
//   VersionsTest.CatchupReopenFiresNoOpened; mutant opened_on_catchup_reopen.
//   OnRegionClosed: the worker loop's remove_region, after stop(), so after a close-time flush's
//   SFW and MU. Checked: test VersionsTest.CloseAfterFlushFiresClosedLast; mutant
//   closed_before_close_flush.
//   OnRegionDropped: the worker loop, after the WAL is obsoleted and the region marked dropped.
//   OnRegionFilesRemoved: the background drop task, after the region dir is deleted, so after
//   OnRegionDropped of the same drop. Checked: test
//   VersionsTest.DropFiresDroppedBeforeFilesRemoved;
//   mutant files_removed_before_dropped.
//   [Locking] no manifest lock held (InvokeHook's REQUIRES(!ml); the recorder's lock state is
//   asserted kNone for every event). Checked: tests VersionsTest.PayloadsOnEachPath,
//   TraceChecker.ACallUnderTheManifestLockIsAProblem.
// OnRegionGc, contract V4+ (d9b58edbb0): after a LocalGcWorker pass that deleted files or listed
//   fully, before clear_deleted_files; under V5 also from handle_offline_cleanup_request (worker
//   loop, removed_files empty, dropped and full listing). Checked: tests
//   VersionsTest.GcFiresOnlyForAFullListingAndDeletesNothing, VersionsTest.OfflineCleanup; mutant
//   gc_fires_without_deletions.
// Thread-safety: implementations must be thread-safe (called from several tasks at once).
// PendingManifestHook is a move-only value owned by one thread.
#ifndef HOOKCHECK_ENGINE_REGION_HOOK_H_
#define HOOKCHECK_ENGINE_REGION_HOOK_H_

#include <optional>
#include <vector>

#include "base/thread_annotations.h"
#include "engine/manifest_lock.h"
#include "engine/region_meta_action.h"

namespace hookcheck::engine {

// mito2's RegionGcInfo. `removed_files`: the files the pass deleted (lives for the call only).
struct RegionGcInfo {
  std::vector<FileId> removed_files;
  bool is_region_dropped = false;
  bool full_file_listing = false;
};

class RegionHook {
 public:
  virtual ~RegionHook() = default;
  virtual void OnSstFilesWritten(RegionId region, const std::vector<FileMeta>& files) = 0;
  virtual void OnManifestUpdated(RegionId region, const RegionMetaActionList& actions,
                                 Version version) = 0;
  virtual void OnRegionOpened(RegionId region) = 0;
  virtual void OnRegionClosed(RegionId region) = 0;
  virtual void OnRegionDropped(RegionId region) = 0;
  virtual void OnRegionFilesRemoved(RegionId region) = 0;
  virtual void OnRegionGc(RegionId region, const RegionGcInfo& info) = 0;
};

// The one way engine code calls a hook: `call(*hook)` iff `hook` is not null. `ml` is the manifest
// lock of the region `hook` belongs to; REQUIRES(!ml) makes a call under it a build error.
// The call is a runtime hook call (runtime::HookCallScope): entered under a manifest write lock,
// it stops the run before the hook runs.
template <typename Call>
void InvokeHook(RegionHook* hook, const ManifestLock& ml, Call&& call) REQUIRES(!ml) {
  if (hook == nullptr) return;
  runtime::HookCallScope scope(ml.runtime(), "RegionHook");
  std::forward<Call>(call)(*hook);
}

// The same where no region object, and so no manifest lock, exists: V5's offline cleanup fires
// on_region_gc for an offline region.
template <typename Call>
void InvokeHook(RegionHook* hook, Call&& call) {
  if (hook == nullptr) return;
  runtime::Runtime* rt = runtime::Runtime::Current();
  if (rt == nullptr) return std::forward<Call>(call)(*hook);  // called outside every run
  runtime::HookCallScope scope(rt, "RegionHook");
  std::forward<Call>(call)(*hook);
}

// The MU of one successful update_locked, to be fired after the manifest lock is dropped.
// Invariants: `actions_` is set iff a hook was present at the write.
class [[nodiscard]] PendingManifestHook {
 public:
  PendingManifestHook(RegionId region, std::optional<RegionMetaActionList> actions, Version version,
                      RegionHook* hook, bool is_staging, bool suppress_staging)
      : region_(region),
        actions_(std::move(actions)),
        version_(version),
        hook_(hook),
        is_staging_(is_staging),
        suppress_staging_(suppress_staging) {}
  PendingManifestHook(PendingManifestHook&&) = default;
  PendingManifestHook& operator=(PendingManifestHook&&) = default;

  Version version() const { return version_; }
  bool is_staging() const { return is_staging_; }

  // Calls OnManifestUpdated iff a hook and the actions are present (and, under the V3 contract,
  // the write was not a staging-dir write), through InvokeHook. `ml`: the lock the write was made
  // under, which must be released by now (REQUIRES(!ml), compiler-checked).
  void Fire(const ManifestLock& ml) && REQUIRES(!ml);
  // The same call with the check switched off: only for the mutant mu_under_manifest_lock, which
  // fires under ML on purpose (the dynamic lock rule must catch it).
  void FireUncheckedForMutant(const ManifestLock& ml) && NO_THREAD_SAFETY_ANALYSIS;

  // self's actions followed by `other`'s; version = max; is_staging = both (V3 AND).
  // REQUIRES: same region.
  PendingManifestHook Merge(PendingManifestHook other) &&;

 private:
  RegionId region_;
  std::optional<RegionMetaActionList> actions_;
  Version version_;
  RegionHook* hook_;
  bool is_staging_;
  bool suppress_staging_;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_REGION_HOOK_H_
