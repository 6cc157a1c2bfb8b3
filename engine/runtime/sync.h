// File: engine/runtime/sync.h
// Defines the lock types of a runtime, annotated for clang -Wthread-safety like base/mutex.h and
// engine/manifest_lock.h, so engine code keeps its GUARDED_BY / REQUIRES when it switches:
// `Mutex` + `MutexLock`, `RwLock` (the manifest lock when built with LockRole::kManifest) +
// `WriteGuard` / `ReadGuard`, and `CondVar`. Each delegates to its runtime's implementation; on
// the deterministic runtime every acquire, release, wait and notify is a schedule point.
// Thread-safety: thread-safe (they are the synchronization).
#ifndef HOOKCHECK_ENGINE_RUNTIME_SYNC_H_
#define HOOKCHECK_ENGINE_RUNTIME_SYNC_H_

#include <chrono>
#include <memory>

#include "base/thread_annotations.h"
#include "engine/runtime/runtime.h"

namespace hookcheck::runtime {

// Not re-entrant. `name` and every `site` must be string literals (kept by pointer).
class CAPABILITY("mutex") Mutex {
 public:
  Mutex(Runtime* rt, const char* name) : impl_(rt->NewLock(name, LockRole::kPlain)) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock(const char* site) ACQUIRE() { impl_->Acquire(LockMode::kWrite, site); }
  void Unlock() RELEASE() { impl_->Release(LockMode::kWrite); }
  // Aborts unless the calling task holds the mutex.
  void AssertHeld() const ASSERT_CAPABILITY(this);
  // For REQUIRES(!mu).
  const Mutex& operator!() const { return *this; }

 private:
  friend class CondVar;
  std::unique_ptr<internal::LockImpl> impl_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  MutexLock(Mutex* mu, const char* site) ACQUIRE(mu) : mu_(mu) { mu_->Lock(site); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// A reader-writer lock (not re-entrant, no writer preference).
class CAPABILITY("mutex") RwLock {
 public:
  RwLock(Runtime* rt, const char* name, LockRole role = LockRole::kPlain)
      : impl_(rt->NewLock(name, role)) {}
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  void Lock(const char* site) ACQUIRE() { impl_->Acquire(LockMode::kWrite, site); }
  void Unlock() RELEASE() { impl_->Release(LockMode::kWrite); }
  void LockShared(const char* site) ACQUIRE_SHARED() { impl_->Acquire(LockMode::kRead, site); }
  void UnlockShared() RELEASE_SHARED() { impl_->Release(LockMode::kRead); }
  // Abort unless the calling task holds the lock in write mode / in read mode.
  void AssertHeld() const ASSERT_CAPABILITY(this);
  void AssertReaderHeld() const ASSERT_SHARED_CAPABILITY(this);
  const RwLock& operator!() const { return *this; }
  // The `HeldLock::lock` of this lock's holds in Runtime::HeldByCurrentTask.
  const void* identity() const { return impl_.get(); }

 private:
  std::unique_ptr<internal::LockImpl> impl_;
};

class SCOPED_CAPABILITY WriteGuard {
 public:
  WriteGuard(RwLock* mu, const char* site) ACQUIRE(mu) : mu_(mu) { mu_->Lock(site); }
  ~WriteGuard() RELEASE() { mu_->Unlock(); }
  WriteGuard(const WriteGuard&) = delete;
  WriteGuard& operator=(const WriteGuard&) = delete;

 private:
  RwLock* const mu_;
};

class SCOPED_CAPABILITY ReadGuard {
 public:
  ReadGuard(RwLock* mu, const char* site) ACQUIRE_SHARED(mu) : mu_(mu) { mu_->LockShared(site); }
  ~ReadGuard() RELEASE() { mu_->UnlockShared(); }
  ReadGuard(const ReadGuard&) = delete;
  ReadGuard& operator=(const ReadGuard&) = delete;

 private:
  RwLock* const mu_;
};

class CondVar {
 public:
  explicit CondVar(Runtime* rt) : impl_(rt->NewCond()) {}
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // REQUIRES: `mu` held. Releases it while waiting, holds it again on return. Spurious wakeups
  // are allowed: wait in a loop on the guarded condition.
  void Wait(Mutex* mu, const char* site) REQUIRES(mu) { impl_->Wait(mu->impl_.get(), {}, site); }
  // As Wait, bounded: returns false iff `timeout` passed without a notification. On the
  // deterministic runtime time is virtual: a timed wait times out only when no task can run.
  bool WaitFor(Mutex* mu, std::chrono::milliseconds timeout, const char* site) REQUIRES(mu) {
    return impl_->Wait(mu->impl_.get(), timeout, site);
  }
  void Signal() { impl_->Notify(false); }
  void SignalAll() { impl_->Notify(true); }

 private:
  std::unique_ptr<internal::CondImpl> impl_;
};

// Marks a hook call: construct it at the call's entry, it exits at scope end. Entry under the
// manifest write lock stops the run (Runtime::EnterHook).
class HookCallScope {
 public:
  HookCallScope(Runtime* rt, const char* hook) : rt_(rt), hook_(hook) { rt_->EnterHook(hook_); }
  ~HookCallScope() { rt_->ExitHook(hook_); }
  HookCallScope(const HookCallScope&) = delete;
  HookCallScope& operator=(const HookCallScope&) = delete;

 private:
  Runtime* const rt_;
  const char* const hook_;
};

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_SYNC_H_
