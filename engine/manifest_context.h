// File: engine/manifest_context.h
// Defines `ManifestContext` (mito2's ManifestContext + the manifest half of MitoRegion): the
// manifest lock ML guarding the RegionManifestManager, the atomic role state, the staging
// partition info, and the hook. Its entry points are the only ways to write the manifest:
// the three state-checked updates (§1.4), update_locked (§1.3), the staging exit (§4.2), the
// graceful role change with backfill and PMH merge (§4.3), and the lock-free SetRole (§1.5).
// Thread-safety: thread-safe. Every path that can fire a hook carries REQUIRES(!manifest_mu_) and
// fires only after its guard is gone.
#ifndef HOOKCHECK_ENGINE_MANIFEST_CONTEXT_H_
#define HOOKCHECK_ENGINE_MANIFEST_CONTEXT_H_

#include <atomic>
#include <memory>
#include <optional>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/manifest_lock.h"
#include "engine/manifest_manager.h"
#include "engine/mutant.h"
#include "engine/region_hook.h"
#include "engine/status.h"
#include "engine/version_control.h"
#include "model/op.h"
#include "model/types.h"

namespace hookcheck::engine {

using model::RoleState;

// What EnterStaging recorded (mito2's staging_partition_info).
struct StagingInfo {
  model::StagingDirective directive = model::StagingDirective::kUpdatePartitionExpr;
  PartitionExpr expr = 0;
};

class ManifestContext {
 public:
  struct Options {
    RegionId region = 1;
    RegionHook* hook = nullptr;  // null: no hook registered
    bool suppress_staging_mu = false;
    Mutant mutant = Mutant::kNone;
    ManifestLockObserver* lock_observer = nullptr;  // told of every ML acquire and release
  };

  // `rt`: the runtime of every task that uses the context (its manifest lock is rt's).
  ManifestContext(runtime::Runtime* rt, std::unique_ptr<RegionManifestManager> manager,
                  RoleState initial, const Options& options)
      : options_(options), state_(initial), manifest_mu_(rt), manager_(std::move(manager)) {
    manifest_mu_.SetObserver(options.lock_observer);
  }

  RegionId region() const { return options_.region; }
  // The one way code outside this class reaches the hook: `call(hook)` iff a hook is registered.
  // REQUIRES(!manifest_mu_): calling it under this region's manifest lock is a build error.
  template <typename Call>
  void InvokeHook(Call&& call) REQUIRES(!manifest_mu_) {
    engine::InvokeHook(options_.hook, manifest_mu_, std::forward<Call>(call));
  }

  // ---- Role state (lock-free) ----
  RoleState state() const { return state_.load(); }
  // Compare-exchange `expect` -> `next`; true iff it happened.
  bool CompareExchangeState(RoleState expect, RoleState next);
  // Engine set_region_role, lock-free, takes no ML: to F from any state; to W from F, Dg, S; to
  // Dg from W, S; anything else changes nothing. Leaving S discards the staging partition info.
  void SetRole(RoleState target) REQUIRES(!staging_mu_);
  // exit_staging(): S -> `next` and clears the staging partition info; false iff the CAS failed.
  bool ExitStaging(RoleState next) REQUIRES(!staging_mu_);

  std::optional<StagingInfo> staging_info() const REQUIRES(!staging_mu_);
  void set_staging_info(std::optional<StagingInfo> info) REQUIRES(!staging_mu_);

  // ---- The three state-checked entry points (§1.4) ----
  // Predicate: S == expect or S == Dg (expect != Dg); S == Dg exactly (expect == Dg).
  Status UpdateManifest(RoleState expect, const RegionMetaActionList& actions, bool is_staging,
                        Version* version) REQUIRES(!manifest_mu_);
  // Predicate: S in {W, E, Dg}; always the live dir.
  Status UpdateManifestForCompaction(const RegionMetaActionList& actions, Version* version)
      REQUIRES(!manifest_mu_);

  // V5 update_manifest_for_index (region.rs, f817690b82 + 81a0dd77c7): under one ML guard,
  // re-validates that the state is W or Dg, the manager not stopped, the manifest's FileMeta of
  // `source` unchanged and the schema version still `schema_version`; then writes
  // Edit{+updated} and fires its MU after the guard is dropped. Otherwise `*stale` is set and
  // nothing is written or fired (IndexPublication::Stale, an Ok result).
  Status UpdateManifestForIndex(const FileMeta& source, const FileMeta& updated,
                                uint32_t schema_version, bool* stale, Version* version)
      REQUIRES(!manifest_mu_);

  // §1.3: manager.update, then a PMH on success. No state check (the caller does it under the
  // same guard). Never fires.
  Status UpdateLocked(const RegionMetaActionList& actions, bool is_staging,
                      std::optional<PendingManifestHook>* pending) REQUIRES(manifest_mu_);

  // §4.2. Returns the PMH of the promotion write (none when nothing was staged). Never fires.
  Status ExitStagingOnSuccess(VersionControl* version, std::optional<PendingManifestHook>* pending)
      REQUIRES(manifest_mu_, !staging_mu_);

  // Apply staging's exit (§2.6): takes ML, exits, drops ML, fires the promotion MU.
  Status ApplyStagingExit(VersionControl* version) REQUIRES(!manifest_mu_, !staging_mu_);

  // §4.3, under one ML guard; fires (merged) after the guard is dropped.
  Status SetRoleStateGracefully(model::GracefulTarget target, VersionControl* version)
      REQUIRES(!manifest_mu_, !staging_mu_);

  // ---- Hook-free bookkeeping under ML ----
  void ClearStagingManifestAndDir(const char* site) REQUIRES(!manifest_mu_);
  void UnsetStagingManifest() REQUIRES(!manifest_mu_);
  void Stop() REQUIRES(!manifest_mu_);
  void InstallFromStore() REQUIRES(!manifest_mu_);
  bool HasUpdate() REQUIRES(!manifest_mu_);
  void ApplyRemoteDelta(const RegionMetaActionList& actions, Version version)
      REQUIRES(!manifest_mu_);
  // Remap: writes the blob under ML (I/O under ML, no hook).
  void WriteRemapBlob(ObjectStore* store, std::vector<FileMeta> files) REQUIRES(!manifest_mu_);
  // GC's clear_deleted_files under ML. Must never fire (kHookOnGc breaks that).
  void ClearDeletedFiles() REQUIRES(!manifest_mu_);

  // ---- Readers (read half of ML) ----
  RegionManifest LiveManifest() REQUIRES(!manifest_mu_);
  Version LastVersion() REQUIRES(!manifest_mu_);

  // The lock, for tests and the recorder's registry queries.
  ManifestLock& manifest_mu() RETURN_CAPABILITY(manifest_mu_) { return manifest_mu_; }

 private:
  using Predicate = bool (*)(RoleState current, RoleState expect);
  Status UpdateManifestWithStateCheck(const RegionMetaActionList& actions, bool is_staging,
                                      Predicate predicate, RoleState expect, const char* what,
                                      Version* version) REQUIRES(!manifest_mu_);
  // §1.4 step 4.
  Status CheckTruncation(const RegionMetaActionList& actions) REQUIRES(manifest_mu_);
  // Fires `pending`. The only way a PMH is fired by this class.
  void FirePending(PendingManifestHook pending) REQUIRES(!manifest_mu_);
  // LastVersion with the analysis off: only for the mutant manifest_read_under_write, which calls
  // it under the write guard on purpose. Called there directly it would not build
  // (compile_checks/reader_under_guard.cc); through here the runtime must catch the deadlock.
  Version LastVersionUncheckedForMutant() NO_THREAD_SAFETY_ANALYSIS;

  // Constant after construction.
  const Options options_;

  // Lock-free: changed by compare-exchange, with or without ML.
  std::atomic<RoleState> state_;

  // Locks itself; taken with or without ML (SetRoleStateGracefully sets the staging info under
  // ML), never the other way round: nothing waits for ML while holding it.
  mutable Mutex staging_mu_ ACQUIRED_AFTER(manifest_mu_);
  std::optional<StagingInfo> staging_info_ GUARDED_BY(staging_mu_);

  // Protected by manifest_mu_ (ML).
  ManifestLock manifest_mu_;
  std::unique_ptr<RegionManifestManager> manager_ GUARDED_BY(manifest_mu_);
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_MANIFEST_CONTEXT_H_
