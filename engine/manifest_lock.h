// File: engine/manifest_lock.h
// Defines `ManifestLock`, the region's manifest lock (mito2's `RwLock<RegionManifestManager>`,
// "ML"), its scoped guards `ManifestWriteGuard` and `ManifestReadGuard`, and `LockRecord`, how a
// task holds it. It is a runtime::RwLock of role kManifest: the runtime records every hold with
// its mode and site (Runtime::HeldByCurrentTask), so the hook recorder can tell whether a
// callback runs under ML, and a hook entered under its write lock stops the run.
// Thread-safety: thread-safe.
#ifndef HOOKCHECK_ENGINE_MANIFEST_LOCK_H_
#define HOOKCHECK_ENGINE_MANIFEST_LOCK_H_

#include <atomic>

#include "base/thread_annotations.h"
#include "engine/hook_event.h"
#include "engine/runtime/sync.h"

namespace hookcheck::engine {

// What the calling task holds. `site` is the acquisition site ("" when kNone); it points to a
// string literal.
struct LockRecord {
  LockHeld mode = LockHeld::kNone;
  const char* site = "";
};

// Told of every acquire and release of the ManifestLocks it is installed on, on the thread doing
// it: after the thread has the lock, before it lets go, so the calls of one thread are its
// program order. [Locking] Called with the lock held: it must not take any ManifestLock (a leaf
// mutex of its own is fine). Used by `hookcheck serve` to report lock events (protocol v2).
class ManifestLockObserver {
 public:
  enum class Op : uint8_t { kAcquire, kRelease };
  virtual ~ManifestLockObserver() = default;
  // `site` is the acquisition site (a string literal) on kAcquire, "" on kRelease.
  virtual void OnManifestLock(Op op, LockHeld mode, const char* site) = 0;
};

// A reader-writer lock (not re-entrant, like tokio's RwLock) of one runtime.
class CAPABILITY("mutex") ManifestLock {
 public:
  explicit ManifestLock(runtime::Runtime* rt)
      : rt_(rt), mu_(rt, "manifest", runtime::LockRole::kManifest) {}
  ManifestLock(const ManifestLock&) = delete;
  ManifestLock& operator=(const ManifestLock&) = delete;

  // `site` must be a string literal (it is kept by pointer): "ManifestContext::UpdateManifest".
  void Lock(const char* site) ACQUIRE();
  void Unlock() RELEASE();
  void LockShared(const char* site) ACQUIRE_SHARED();
  void UnlockShared() RELEASE_SHARED();

  // Aborts unless the calling task holds this lock in write mode.
  void AssertHeld() const ASSERT_CAPABILITY(this) { mu_.AssertHeld(); }
  // Aborts unless the calling task holds this lock in read or write mode.
  void AssertReaderHeld() const ASSERT_SHARED_CAPABILITY(this) { mu_.AssertReaderHeld(); }

  // How the calling task holds this lock.
  LockRecord HeldByCurrentTask() const;
  // The strongest hold of any manifest lock of `rt` by the calling task (write beats read); the
  // site of that hold.
  static LockRecord AnyHeldByCurrentTask(const runtime::Runtime& rt);

  // Installs `observer` (null: none). REQUIRES: no thread holds or waits for the lock; the
  // observer outlives every later acquisition.
  void SetObserver(ManifestLockObserver* observer) { observer_.store(observer); }

  // The runtime the lock is of.
  runtime::Runtime* runtime() const { return rt_; }

  // For REQUIRES(!manifest_mu_).
  const ManifestLock& operator!() const { return *this; }

 private:
  runtime::Runtime* const rt_;
  runtime::RwLock mu_;
  std::atomic<ManifestLockObserver*> observer_{nullptr};
};

class SCOPED_CAPABILITY ManifestWriteGuard {
 public:
  ManifestWriteGuard(ManifestLock* mu, const char* site) ACQUIRE(mu) : mu_(mu) { mu_->Lock(site); }
  ~ManifestWriteGuard() RELEASE() { mu_->Unlock(); }
  ManifestWriteGuard(const ManifestWriteGuard&) = delete;
  ManifestWriteGuard& operator=(const ManifestWriteGuard&) = delete;

 private:
  ManifestLock* const mu_;
};

class SCOPED_CAPABILITY ManifestReadGuard {
 public:
  ManifestReadGuard(ManifestLock* mu, const char* site) ACQUIRE_SHARED(mu) : mu_(mu) {
    mu_->LockShared(site);
  }
  ~ManifestReadGuard() RELEASE() { mu_->UnlockShared(); }
  ManifestReadGuard(const ManifestReadGuard&) = delete;
  ManifestReadGuard& operator=(const ManifestReadGuard&) = delete;

 private:
  ManifestLock* const mu_;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_MANIFEST_LOCK_H_
