// File: engine/hook_recorder.h
// Defines `HookRecorder`, the only RegionHook RefEngine is given. Each callback becomes a
// HookEvent: model::Action payloads, files ascending, a small number for the calling task, whether
// that task is a worker loop (the engine's probe), the manifest lock the task holds (from its
// runtime's hold records) with its site, and a logical time.
// `CompactorView()` is the hook handed to the remote compactor node: same recorder, events marked
// on_compactor. A TraceTap, when given, is told of each record as it is made. As a ManifestLockObserver it also records every manifest-lock acquire and release
// (LockEvent) on the same seq counter, when installed on a lock; TakeTrace hands both over.
// Thread-safety: thread-safe. It takes only its own mutex, never an engine lock, so it cannot
// deadlock with the engine whatever the engine holds when it calls.
#ifndef HOOKCHECK_ENGINE_HOOK_RECORDER_H_
#define HOOKCHECK_ENGINE_HOOK_RECORDER_H_

#include <atomic>
#include <functional>
#include <map>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/hook_event.h"
#include "engine/manifest_lock.h"
#include "engine/region_hook.h"
#include "engine/runtime/runtime.h"
#include "engine/trace_tap.h"

namespace hookcheck::engine {

class HookRecorder : public RegionHook, public ManifestLockObserver {
 public:
  // `rt`: the runtime whose tasks call the hooks. `record_payloads`:
  // EngineOptions::record_payloads; `tap`: EngineOptions::trace_tap.
  explicit HookRecorder(const runtime::Runtime* rt, bool record_payloads = true,
                        TraceTap* tap = nullptr);
  // Whether the calling task is a worker loop's. REQUIRES: set before any hook is called; it is
  // then read by every calling task. Without one, no call is on a worker loop.
  void SetWorkerLoopProbe(std::function<bool()> probe) { on_worker_loop_ = std::move(probe); }

  // The datanode's manifest lock (lock 1).
  void OnManifestLock(Op op, LockHeld mode, const char* site) override REQUIRES(!mu_);

  void OnSstFilesWritten(RegionId region, const std::vector<FileMeta>& files) override
      REQUIRES(!mu_);
  void OnManifestUpdated(RegionId region, const RegionMetaActionList& actions,
                         Version version) override REQUIRES(!mu_);
  void OnRegionOpened(RegionId region) override REQUIRES(!mu_);
  void OnRegionClosed(RegionId region) override REQUIRES(!mu_);
  void OnRegionDropped(RegionId region) override REQUIRES(!mu_);
  void OnRegionFilesRemoved(RegionId region) override REQUIRES(!mu_);
  void OnRegionGc(RegionId region, const RegionGcInfo& info) override REQUIRES(!mu_);

  // The hook of the compactor node: records into this recorder with on_compactor set.
  RegionHook* CompactorView() { return &compactor_view_; }
  ManifestLockObserver* CompactorLockObserver() { return &compactor_view_; }

  // Every callback since the last call, in recording (seq) order; lock events are dropped.
  std::vector<HookEvent> TakeEvents() REQUIRES(!mu_);
  // Every callback and every lock event since the last call, each in seq order, taken at one
  // moment: merged by seq they are the whole stream up to then.
  void TakeTrace(std::vector<HookEvent>* callbacks, std::vector<LockEvent>* locks) REQUIRES(!mu_);

 private:
  // Every callback of the compactor node's hook, recorded with on_compactor set. (Its transient
  // region never fires the lifecycle or GC callbacks upstream; one that did would show.)
  class CompactorView_ : public RegionHook, public ManifestLockObserver {
   public:
    explicit CompactorView_(HookRecorder* r) : r_(r) {}
    // The compactor's manifest lock (lock 2).
    void OnManifestLock(Op op, LockHeld mode, const char* site) override;
    void OnSstFilesWritten(RegionId region, const std::vector<FileMeta>& files) override;
    void OnManifestUpdated(RegionId region, const RegionMetaActionList& actions,
                           Version version) override;
    void OnRegionOpened(RegionId region) override;
    void OnRegionClosed(RegionId region) override;
    void OnRegionDropped(RegionId region) override;
    void OnRegionFilesRemoved(RegionId region) override;
    void OnRegionGc(RegionId region, const RegionGcInfo& info) override;

   private:
    HookRecorder* const r_;
  };

  void Record(HookEvent e, bool on_compactor = false) REQUIRES(!mu_);
  void RecordLock(LockEvent e) REQUIRES(!mu_);
  uint64_t ThreadNumber() REQUIRES(mu_);

  // Constant after construction.
  const runtime::Runtime* const rt_;
  const bool record_payloads_;
  TraceTap* const tap_;                   // may be null
  std::function<bool()> on_worker_loop_;  // set before the first hook, then constant

  // Locks itself.
  std::atomic<uint64_t> next_seq_{1};
  CompactorView_ compactor_view_;

  Mutex mu_;
  std::vector<HookEvent> events_ GUARDED_BY(mu_);
  std::vector<LockEvent> lock_events_ GUARDED_BY(mu_);
  std::map<runtime::TaskId, uint64_t> thread_numbers_ GUARDED_BY(mu_);
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_HOOK_RECORDER_H_
