// File: base/mutex.h
// Defines `Mutex` (an annotated std::mutex), `MutexLock` (its scoped guard) and `CondVar`.
// std::mutex carries no thread-safety attributes in libstdc++, so engine code uses these to let
// clang check every GUARDED_BY field.
// Thread-safety: thread-safe (they are the synchronization).
#ifndef HOOKCHECK_BASE_MUTEX_H_
#define HOOKCHECK_BASE_MUTEX_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "base/thread_annotations.h"

namespace hookcheck {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ACQUIRE() {
    mu_.lock();
    owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    ++held_on_this_thread_;
  }
  void Unlock() RELEASE() {
    --held_on_this_thread_;
    owner_.store(std::thread::id(), std::memory_order_relaxed);
    mu_.unlock();
  }
  // How many Mutexes the calling OS thread holds. The deterministic runtime runs every task on
  // one OS thread, so a task that switched away holding one would leave it to the next task:
  // it aborts when this count differs across a switch (engine/runtime/deterministic_runtime.cc).
  static int HeldOnThisThread() { return held_on_this_thread_; }
  // Tells the analysis that the caller holds the mutex, and aborts at run time unless the calling
  // thread is the holder (std::mutex cannot be queried, so the holder is recorded by Lock).
  void AssertHeld() const ASSERT_CAPABILITY(this) {
    if (owner_.load(std::memory_order_relaxed) != std::this_thread::get_id()) {
      std::fprintf(stderr, "Mutex::AssertHeld: the calling thread does not hold the mutex\n");
      std::abort();
    }
  }
  // For REQUIRES(!mu): the negative capability.
  const Mutex& operator!() const { return *this; }

 private:
  friend class CondVar;
  std::mutex mu_;
  // The holding thread, or the default id when free. Written only by the holder (under mu_); a
  // relaxed load by another thread can only see some other id, never its own, so the check in
  // AssertHeld is exact for the calling thread.
  std::atomic<std::thread::id> owner_{};
  static inline thread_local int held_on_this_thread_ = 0;
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
  // The unlock window inside the wait is the condition variable's own; the holder record is
  // cleared before it and restored after it.
  void Wait(Mutex* mu) REQUIRES(mu) {
    mu->AssertHeld();
    mu->owner_.store(std::thread::id(), std::memory_order_relaxed);
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
    mu->owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
  }
  // As Wait, bounded: returns false on timeout.
  bool WaitFor(Mutex* mu, std::chrono::milliseconds timeout) REQUIRES(mu) {
    mu->AssertHeld();
    mu->owner_.store(std::thread::id(), std::memory_order_relaxed);
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool notified = cv_.wait_for(lock, timeout) == std::cv_status::no_timeout;
    lock.release();
    mu->owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    return notified;
  }
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace hookcheck

#endif  // HOOKCHECK_BASE_MUTEX_H_
