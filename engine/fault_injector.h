// File: engine/fault_injector.h
// Defines `FaultSite` and `FaultInjector`: one-shot fault injection with per-site activation (the
// leveldb "Env wrapper with atomic switches" pattern). The engine arms one site per command and
// disarms it when the command's work ends; the first code path to reach the armed site strikes
// it, which disarms it.
// Thread-safety: thread-safe.
#ifndef HOOKCHECK_ENGINE_FAULT_INJECTOR_H_
#define HOOKCHECK_ENGINE_FAULT_INJECTOR_H_

#include <cstdint>
#include <optional>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace hookcheck::engine {

enum class FaultSite : uint8_t {
  kManifestSave,     // ObjectStore::SaveManifestDelta fails: nothing persisted
  kManifestRebuild,  // RegionManifestManager: saved, but the in-memory rebuild fails
  kSstWrite,         // ObjectStore::WriteSst fails for a flush
  kFlushCancelled,   // V5: the flush is cancelled at mark_commit_started (after its SFW)
};

class FaultInjector {
 public:
  // Arms `site` (replacing whatever was armed) and returns a token for Disarm.
  uint64_t Arm(FaultSite site) REQUIRES(!mu_);
  // Disarms the fault armed with `token`, if it is still armed. A newer Arm is left alone.
  void Disarm(uint64_t token) REQUIRES(!mu_);
  // Disarms whatever is armed.
  void DisarmAll() REQUIRES(!mu_);
  // True iff `site` is armed; disarms it (one-shot).
  bool Strike(FaultSite site) REQUIRES(!mu_);

 private:
  Mutex mu_;
  std::optional<FaultSite> armed_ GUARDED_BY(mu_);
  uint64_t token_ GUARDED_BY(mu_) = 0;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_FAULT_INJECTOR_H_
