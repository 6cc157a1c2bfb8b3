// File: engine/object_store.h
// Defines `ObjectStore`, the in-memory object store shared by the datanode and the compactor
// node: per region a live manifest dir, a staging manifest dir, a staging blob dir (the remapped
// manifest), and SST files. Writes consult an optional FaultInjector (the datanode passes its
// own; the compactor node passes none, so no fault applies there).
// Thread-safety: thread-safe (one internal mutex; no call blocks on anything else).
#ifndef HOOKCHECK_ENGINE_OBJECT_STORE_H_
#define HOOKCHECK_ENGINE_OBJECT_STORE_H_

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/fault_injector.h"
#include "engine/region_meta_action.h"
#include "engine/status.h"

namespace hookcheck::engine {

enum class ManifestDir : uint8_t { kLive, kStaging };

class ObjectStore {
 public:
  // Writes delta `version` into `dir`. Fails (nothing written) iff `faults` strikes kManifestSave.
  Status SaveManifestDelta(RegionId region, ManifestDir dir, Version version,
                           const RegionMetaActionList& actions, FaultInjector* faults)
      REQUIRES(!mu_);
  // Every delta of `dir`, by version.
  std::map<Version, RegionMetaActionList> ListManifestDeltas(RegionId region, ManifestDir dir) const
      REQUIRES(!mu_);
  // The highest version persisted in `dir`, if any.
  std::optional<Version> MaxVersion(RegionId region, ManifestDir dir) const REQUIRES(!mu_);
  void ClearManifestDir(RegionId region, ManifestDir dir) REQUIRES(!mu_);

  // Writes an SST. Fails iff `faults` strikes kSstWrite.
  Status WriteSst(RegionId region, const FileMeta& file, FaultInjector* faults) REQUIRES(!mu_);
  bool SstExists(RegionId region, FileId file) const REQUIRES(!mu_);
  // Deletes an SST (a cancelled flush's uncommitted file; a file a GC pass deletes).
  void DeleteSst(RegionId region, FileId file) REQUIRES(!mu_);

  // The remapped manifest blob that ApplyStaging reads (its files).
  void PutRemapBlob(RegionId region, std::vector<FileMeta> files) REQUIRES(!mu_);
  std::optional<std::vector<FileMeta>> GetRemapBlob(RegionId region) const REQUIRES(!mu_);
  void DeleteRemapBlob(RegionId region) REQUIRES(!mu_);

  // Removes everything of `region` (a fresh Create).
  void DeleteRegion(RegionId region) REQUIRES(!mu_);

 private:
  struct RegionObjects {
    std::map<Version, RegionMetaActionList> live;
    std::map<Version, RegionMetaActionList> staging;
    std::optional<std::vector<FileMeta>> remap_blob;
    std::set<FileId> ssts;
  };

  mutable Mutex mu_;
  std::map<RegionId, RegionObjects> regions_ GUARDED_BY(mu_);
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_OBJECT_STORE_H_
