#include "engine/runtime/internal/deterministic_sync.h"

namespace hookcheck::runtime::internal {

void DeterministicLock::Acquire(LockMode mode, const char* site) {
  if (const HeldLock* h = rt_->FindHeld(this)) {
    // Not re-entrant: the wait would never end; said at once as a deadlock of one task.
    rt_->StopAndAbort(Outcome::kDeadlock, ReentryMessage(name_, site, *h));
  }
  rt_->Point(
      site, ModeName(mode), name_, [this, mode] { return state_.CanAcquire(mode); }, true);
  // The scheduler resumed this task with the lock free, and nothing ran in between.
  state_.Take(mode);
  rt_->AddHeld({this, name_, site, role_, mode});
}

void DeterministicLock::Release(LockMode mode) {
  if (!rt_->RemoveHeld(this, mode)) return UnheldRelease(rt_->stopping(), name_);
  state_.Give(mode);
  rt_->Point(name_, "release", name_, nullptr, false);
}

bool DeterministicLock::HeldByCurrentTask(LockMode mode) const {
  const HeldLock* h = rt_->FindHeld(this);
  return h != nullptr && h->mode == mode;
}

bool DeterministicCond::Wait(LockImpl* lock, std::optional<std::chrono::milliseconds> timeout,
                             const char* site) {
  Waiter w;
  waiters_.push_back(&w);
  // Enqueued before the release, so a notify in the window after it wakes this waiter.
  struct Dequeue {
    std::list<Waiter*>* list;
    Waiter* w;
    ~Dequeue() { list->remove(w); }
  } dequeue{&waiters_, &w};
  lock->Release(LockMode::kWrite);
  rt_->Point(
      site, "notify on", "condvar", [&w] { return w.notified; }, true, timeout.has_value());
  lock->Acquire(LockMode::kWrite, site);
  return w.notified;
}

void DeterministicCond::Notify(bool all) {
  for (auto it = waiters_.begin(); it != waiters_.end();) {
    (*it)->notified = true;
    it = waiters_.erase(it);
    if (!all) break;
  }
  rt_->Point("notify", "notify", "condvar", nullptr, false);
}

}  // namespace hookcheck::runtime::internal
