// File: engine/runtime/one_shot.h
// Defines `OneShot<T>`, a value handed once from one task to another on a runtime (the engine's
// replies, where it used std::promise / std::future): a copyable handle to shared state, so the
// sender may outlive or predecease the waiter. Written on the runtime's Mutex and CondVar only,
// so a wait is a schedule point on the deterministic runtime and a deadlock that leaves a waiter
// with no sender is reported by the runtime, never a hang.
// Thread-safety: thread-safe (its mutex is the synchronization).
#ifndef HOOKCHECK_ENGINE_RUNTIME_ONE_SHOT_H_
#define HOOKCHECK_ENGINE_RUNTIME_ONE_SHOT_H_

#include <memory>
#include <optional>
#include <utility>

#include "base/thread_annotations.h"
#include "engine/runtime/sync.h"

namespace hookcheck::runtime {

template <typename T>
class OneShot {
 public:
  explicit OneShot(Runtime* rt) : state_(std::make_shared<State>(rt)) {}

  // Sets the value iff none was set; returns whether this call set it.
  bool Set(T value) const {
    State& s = *state_;
    MutexLock lock(&s.mu, "OneShot::Set");
    if (s.value.has_value()) return false;
    s.value.emplace(std::move(value));
    s.cv.SignalAll();
    return true;
  }

  // Blocks until the value is set, then returns a copy (every waiter gets it).
  T Wait(const char* site) const {
    State& s = *state_;
    MutexLock lock(&s.mu, site);
    while (!s.value.has_value()) s.cv.Wait(&s.mu, site);
    return *s.value;
  }

 private:
  struct State {
    explicit State(Runtime* rt) : mu(rt, "OneShot::mu"), cv(rt) {}
    Mutex mu;
    CondVar cv;
    std::optional<T> value GUARDED_BY(mu);
  };
  std::shared_ptr<State> state_;
};

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_ONE_SHOT_H_
