// File: engine/runtime/internal/threads_sync.h
// Defines `ThreadLock` and `ThreadCond`, ThreadsRuntime's lock and condition variable: explicit
// state under a std::mutex, every wait through ThreadsRuntime::BlockUntil (bounded, reported).
// Thread-safety: thread-safe.
#ifndef HOOKCHECK_ENGINE_RUNTIME_INTERNAL_THREADS_SYNC_H_
#define HOOKCHECK_ENGINE_RUNTIME_INTERNAL_THREADS_SYNC_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "engine/runtime/internal/lock_state.h"
#include "engine/runtime/threads_runtime.h"

namespace hookcheck::runtime::internal {

// Invariants: each holder's task lists this lock once in its held locks (ThreadsRuntime's
// registry), with the mode it holds.
class ThreadLock final : public LockImpl {
 public:
  ThreadLock(ThreadsRuntime* rt, const char* name, LockRole role)
      : rt_(rt), name_(name), role_(role) {}
  void Acquire(LockMode mode, const char* site) override;
  void Release(LockMode mode) override;
  bool HeldByCurrentTask(LockMode mode) const override;

 private:
  ThreadsRuntime* const rt_;
  const char* const name_;
  const LockRole role_;

  std::mutex mu_;
  std::condition_variable cv_;
  LockState state_;  // guarded by mu_
};

// Notify wakes every waiter (a spurious wakeup for all but one, which condition variables allow).
class ThreadCond final : public CondImpl {
 public:
  explicit ThreadCond(ThreadsRuntime* rt) : rt_(rt) {}
  bool Wait(LockImpl* lock, std::optional<std::chrono::milliseconds> timeout,
            const char* site) override;
  void Notify(bool all) override;

 private:
  ThreadsRuntime* const rt_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;  // guarded by mu_; +1 per notify
};

}  // namespace hookcheck::runtime::internal

#endif  // HOOKCHECK_ENGINE_RUNTIME_INTERNAL_THREADS_SYNC_H_
