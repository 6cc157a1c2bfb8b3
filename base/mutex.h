// File: base/mutex.h
// Defines `Mutex` (an annotated std::mutex), `MutexLock` (its scoped guard) and `CondVar`.
// std::mutex carries no thread-safety attributes in libstdc++, so engine code uses these to let
// clang check every GUARDED_BY field.
// Thread-safety: thread-safe (they are the synchronization).
#ifndef HOOKCHECK_BASE_MUTEX_H_
#define HOOKCHECK_BASE_MUTEX_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "base/thread_annotations.h"

namespace hookcheck {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  // Documents (and tells the analysis) that the caller holds the mutex. std::mutex cannot be
  // queried, so this is a no-op at run time.
  void AssertHeld() const ASSERT_CAPABILITY(this) {}
  // For REQUIRES(!mu): the negative capability.
  const Mutex& operator!() const { return *this; }

 private:
  friend class CondVar;
  std::mutex mu_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

class CondVar {
 public:
  // REQUIRES: `mu` held. Atomically releases it while waiting; holds it again on return.
  void Wait(Mutex* mu) REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  // As Wait, bounded: returns false on timeout.
  bool WaitFor(Mutex* mu, std::chrono::milliseconds timeout) REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool notified = cv_.wait_for(lock, timeout) == std::cv_status::no_timeout;
    lock.release();
    return notified;
  }
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace hookcheck

#endif  // HOOKCHECK_BASE_MUTEX_H_
