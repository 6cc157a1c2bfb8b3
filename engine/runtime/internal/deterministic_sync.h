// File: engine/runtime/internal/deterministic_sync.h
// Defines `DeterministicLock` and `DeterministicCond`, DeterministicRuntime's lock and condition
// variable: plain state (one OS thread runs every task), every operation a schedule point.
// Thread-safety: externally synchronized (the runtime's one thread).
#ifndef HOOKCHECK_ENGINE_RUNTIME_INTERNAL_DETERMINISTIC_SYNC_H_
#define HOOKCHECK_ENGINE_RUNTIME_INTERNAL_DETERMINISTIC_SYNC_H_

#include <list>

#include "engine/runtime/deterministic_runtime.h"
#include "engine/runtime/internal/lock_state.h"

namespace hookcheck::runtime::internal {

// Invariants: each holder lists this lock once in its held locks, in the mode it holds.
class DeterministicLock final : public LockImpl {
 public:
  DeterministicLock(DeterministicRuntime* rt, const char* name, LockRole role)
      : rt_(rt), name_(name), role_(role) {}
  void Acquire(LockMode mode, const char* site) override;
  void Release(LockMode mode) override;
  bool HeldByCurrentTask(LockMode mode) const override;

 private:
  DeterministicRuntime* const rt_;
  const char* const name_;
  const LockRole role_;
  LockState state_;
};

// Notify wakes the oldest waiter (Signal) or all (SignalAll); a woken waiter then competes for
// the mutex like any task.
class DeterministicCond final : public CondImpl {
 public:
  explicit DeterministicCond(DeterministicRuntime* rt) : rt_(rt) {}
  bool Wait(LockImpl* lock, std::optional<std::chrono::milliseconds> timeout,
            const char* site) override;
  void Notify(bool all) override;

 private:
  struct Waiter {
    bool notified = false;
  };
  DeterministicRuntime* const rt_;
  std::list<Waiter*> waiters_;  // oldest first; each entry lives on its waiting task's stack
};

}  // namespace hookcheck::runtime::internal

#endif  // HOOKCHECK_ENGINE_RUNTIME_INTERNAL_DETERMINISTIC_SYNC_H_
