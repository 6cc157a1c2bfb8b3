// File: engine/runtime/internal/lock_state.h
// Defines what both runtimes' locks share: `LockState`, a reader-writer lock's state (who may
// acquire, taking and giving back a hold), `ModeName`, `ReentryMessage`, `UnheldRelease`, and the
// held-lock list helpers `FindHold` and `RemoveHold` over a task's holds. Thread-safety: externally
// synchronized (each runtime guards its own).
#ifndef HOOKCHECK_ENGINE_RUNTIME_INTERNAL_LOCK_STATE_H_
#define HOOKCHECK_ENGINE_RUNTIME_INTERNAL_LOCK_STATE_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/runtime/report.h"

namespace hookcheck::runtime::internal {

inline const char* ModeName(LockMode mode) { return mode == LockMode::kWrite ? "write" : "read"; }

// Invariants: writer implies readers == 0. No writer preference.
struct LockState {
  bool writer = false;
  int readers = 0;

  bool CanAcquire(LockMode mode) const {
    return mode == LockMode::kWrite ? !writer && readers == 0 : !writer;
  }
  // REQUIRES: CanAcquire(mode).
  void Take(LockMode mode) {
    if (mode == LockMode::kWrite) {
      writer = true;
    } else {
      ++readers;
    }
  }
  // REQUIRES: a hold in `mode`.
  void Give(LockMode mode) {
    if (mode == LockMode::kWrite) {
      writer = false;
    } else {
      --readers;
    }
  }
};

// The deadlock of one task acquiring `name` at `site` while it holds it as `h` says.
inline std::string ReentryMessage(const char* name, const char* site, const HeldLock& h) {
  return std::string("task acquires ") + name + " at " + site + " while it holds it (" +
         ModeName(h.mode) + ", at " + h.site + ")";
}

// A release of a lock the task does not hold: left by an aborted wait whose guard releases a lock
// it never got back (fine iff the run is `stopping`); otherwise a bug, so it aborts.
inline void UnheldRelease(bool stopping, const char* name) {
  if (stopping) return;
  std::fprintf(stderr, "runtime: %s released by a task that does not hold it\n", name);
  std::abort();
}

inline const HeldLock* FindHold(const std::vector<HeldLock>& held, const void* lock) {
  for (const HeldLock& h : held) {
    if (h.lock == lock) return &h;
  }
  return nullptr;
}

// False iff `held` has no hold of `lock` in `mode`.
inline bool RemoveHold(std::vector<HeldLock>* held, const void* lock, LockMode mode) {
  auto it = std::find_if(held->begin(), held->end(),
                         [&](const HeldLock& h) { return h.lock == lock && h.mode == mode; });
  if (it == held->end()) return false;
  held->erase(it);
  return true;
}

}  // namespace hookcheck::runtime::internal

#endif  // HOOKCHECK_ENGINE_RUNTIME_INTERNAL_LOCK_STATE_H_
