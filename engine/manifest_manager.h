// File: engine/manifest_manager.h
// Defines `RegionManifestManager` (hook-paths.md §1.2): the live and staging manifests of one
// region, the version counter the two share, and the writes to the object store.
// Thread-safety: externally synchronized: ManifestContext::manifest_mu_ (ML) guards every call;
// the owner holds the write half for mutations, the read half for the accessors.
#ifndef HOOKCHECK_ENGINE_MANIFEST_MANAGER_H_
#define HOOKCHECK_ENGINE_MANIFEST_MANAGER_H_

#include <memory>
#include <optional>

#include "engine/fault_injector.h"
#include "engine/mutant.h"
#include "engine/object_store.h"
#include "engine/region_meta_action.h"
#include "engine/status.h"

namespace hookcheck::engine {

class RegionManifestManager {
 public:
  struct Options {
    RegionId region = 1;
    ObjectStore* store = nullptr;
    FaultInjector* faults = nullptr;  // null: no fault applies (the compactor node)
    Mutant mutant = Mutant::kNone;
  };

  // A fresh region: version 0 is saved directly (store.save, outside Update: no fault applies)
  // and is the counter's last consumed version.
  static std::unique_ptr<RegionManifestManager> Create(const Options& options);
  // Replays the live dir; the counter becomes the highest live version persisted (erratum 9:
  // staging versions and failed saves are forgotten).
  static std::unique_ptr<RegionManifestManager> Open(const Options& options);

  // §1.2: consume a version, save to the live or staging dir, rebuild in memory. On a failed
  // save the version stays consumed; on a failed rebuild the delta stays persisted.
  Status Update(const RegionMetaActionList& actions, bool is_staging, Version* version);

  const RegionManifest& manifest() const { return manifest_; }
  const std::optional<RegionManifest>& staging_manifest() const { return staging_manifest_; }
  Version last_version() const { return last_version_; }
  bool stopped() const { return stopped_; }

  // The actions of every staging delta in the store, in version order (§4.2 step 2).
  RegionMetaActionList MergeStagedActions() const;
  // Drops the in-memory staging manifest and deletes the staging dir and the remap blob.
  void ClearStagingManifestAndDir();
  // Drops the in-memory staging manifest only (failed enter staging).
  void UnsetStagingManifest() { staging_manifest_.reset(); }
  // Later Updates fail with RegionState (the RegionStopped of mito2). Close and drop.
  void Stop() { stopped_ = true; }
  // FollowerSync (install_manifest_to the latest live version): applies, in version order, only
  // the live deltas above the counter and raises the counter to the last one. A delta at or
  // below the counter (one whose in-memory rebuild failed) is never installed.
  void InstallFromStore();
  // has_update: the live dir holds a delta above the counter.
  bool HasUpdate() const;
  // The datanode learns a remote compaction's committed live delta: applies it in memory and
  // raises the counter to max(counter, version).
  void ApplyRemoteDelta(const RegionMetaActionList& actions, Version version);
  // GC's bookkeeping: forgets removed files. In memory only; no version, no delta.
  void ClearDeletedFiles() { manifest_.removed_files.clear(); }

 private:
  explicit RegionManifestManager(const Options& options) : options_(options) {}
  static RegionManifest Replay(const std::map<Version, RegionMetaActionList>& deltas);

  const Options options_;
  RegionManifest manifest_;
  std::optional<RegionManifest> staging_manifest_;
  Version last_version_ = 0;
  bool stopped_ = false;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_MANIFEST_MANAGER_H_
