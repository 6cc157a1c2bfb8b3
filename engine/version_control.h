// File: engine/version_control.h
// Defines `VersionControl`, the region's in-memory version (mito2's VersionControl): the SST
// files the region reads, the memtable, entry ids and sequences, and the version metadata
// (partition expr, schema). The worker loop applies task results to it; the staging exit applies
// its merged edit to it while holding the manifest lock.
// Thread-safety: thread-safe (its own mutex). Lock order: manifest lock, then this mutex; never
// the other way round (no VersionControl method takes the manifest lock).
#ifndef HOOKCHECK_ENGINE_VERSION_CONTROL_H_
#define HOOKCHECK_ENGINE_VERSION_CONTROL_H_

#include <algorithm>
#include <map>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/region_meta_action.h"

namespace hookcheck::engine {

struct VersionData {
  std::map<FileId, FileMeta> files;
  std::vector<uint8_t> memtable;  // row timestamps, in arrival order
  uint64_t last_entry_id = 0;
  uint64_t committed_sequence = 0;
  PartitionExpr partition_expr = 0;  // the version metadata's (may be filled by the fetcher)
  uint32_t schema_version = 0;
  uint32_t columns = 0;
  uint32_t index_options = 0;  // the metadata's (RegionManifest::index_options)
};

class VersionControl {
 public:
  VersionData Get() const REQUIRES(!mu_) {
    MutexLock l(&mu_);
    return data_;
  }
  // Runs `f(VersionData&)` under the mutex. `f` must not block or take other locks.
  template <class F>
  auto Update(F&& f) REQUIRES(!mu_) {
    MutexLock l(&mu_);
    return f(data_);
  }
  void Reset(VersionData data) REQUIRES(!mu_) {
    MutexLock l(&mu_);
    data_ = std::move(data);
  }

  // Applies a committed edit's files.
  // VersionControl::apply_edit (region/version.rs): the committed sequence rises to the edit's.
  static void ApplyEdit(const RegionEdit& edit, VersionData* d) {
    for (const FileMeta& f : edit.files_to_add) d->files[f.file_id] = f;
    for (FileId id : edit.files_to_remove) d->files.erase(id);
    if (edit.committed_sequence)
      d->committed_sequence = std::max(d->committed_sequence, *edit.committed_sequence);
  }

 private:
  mutable Mutex mu_;
  VersionData data_ GUARDED_BY(mu_);
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_VERSION_CONTROL_H_
