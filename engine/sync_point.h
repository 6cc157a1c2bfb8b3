// File: engine/sync_point.h
// Defines `SyncPoints`, a registry of named sync points in the RocksDB style
// (`Class::Method:Label`): the engine calls Process(name) at a point of interest; a test or a
// fault installs a callback for that name. The one point used by faults is
// `Sst:AfterWriteBeforeCommit` (after a flush's or local compaction's SFW, before its commit).
// Thread-safety: thread-safe. Callbacks run on the thread that reaches the point, with the
// registry's mutex released.
#ifndef HOOKCHECK_ENGINE_SYNC_POINT_H_
#define HOOKCHECK_ENGINE_SYNC_POINT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/runtime/runtime.h"

namespace hookcheck::engine {

inline constexpr char kSyncSstAfterWriteBeforeCommit[] = "Sst:AfterWriteBeforeCommit";

class SyncPoints {
 public:
  using Callback = std::function<void()>;
  // Installs `cb` for `name`, replacing any. `one_shot`: removed after its first run. `owner`: a
  // tag for ClearOwned (RefEngine passes the op's generation); 0 for none.
  void Set(const std::string& name, Callback cb, bool one_shot, uint64_t owner = 0) REQUIRES(!mu_);
  void Clear(const std::string& name) REQUIRES(!mu_);
  // Removes the point `name` iff it is still the one installed with `owner` (`owner` != 0). The
  // check and the removal are one step under the registry mutex, so a point installed meanwhile
  // by a later owner is never removed by an earlier one.
  void ClearOwned(const std::string& name, uint64_t owner) REQUIRES(!mu_);
  void ClearAll() REQUIRES(!mu_);
  // Runs the callback installed for `name`, if any. First it is the calling task's runtime sync
  // point `name` (TEST_SYNC_POINT): a schedule point on the deterministic runtime, which
  // Runtime::LoadDependencies can order. `name` must be a string literal (kept by pointer).
  void Process(const char* name) REQUIRES(!mu_);

 private:
  struct Entry {
    std::shared_ptr<Callback> cb;
    bool one_shot = false;
    uint64_t owner = 0;
  };
  Mutex mu_;
  std::map<std::string, Entry> points_ GUARDED_BY(mu_);
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_SYNC_POINT_H_
