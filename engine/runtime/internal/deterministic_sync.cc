#include "engine/runtime/internal/deterministic_sync.h"

#include <cstdio>
#include <cstdlib>

namespace hookcheck::runtime::internal {
namespace {

const char* ModeName(LockMode mode) { return mode == LockMode::kWrite ? "write" : "read"; }

}  // namespace

void DeterministicLock::Acquire(LockMode mode, const char* site) {
  if (const HeldLock* h = rt_->FindHeld(this)) {
    // Not re-entrant: the wait would never end; said at once as a deadlock of one task.
    rt_->StopAndAbort(Outcome::kDeadlock, std::string("task acquires ") + name_ + " at " + site +
                                              " while it holds it (" + ModeName(h->mode) + ", at " +
                                              h->site + ")");
  }
  rt_->Point(
      site, ModeName(mode), name_,
      [this, mode] { return mode == LockMode::kWrite ? !writer_ && readers_ == 0 : !writer_; },
      true);
  // The scheduler resumed this task with the lock free, and nothing ran in between.
  if (mode == LockMode::kWrite) {
    writer_ = true;
  } else {
    ++readers_;
  }
  rt_->AddHeld({this, name_, site, role_, mode});
}

void DeterministicLock::Release(LockMode mode) {
  if (!rt_->RemoveHeld(this, mode)) {
    // An aborted wait leaves its guard to release a lock it never got back.
    if (rt_->stopping()) return;
    std::fprintf(stderr, "runtime: %s released by a task that does not hold it\n", name_);
    std::abort();
  }
  if (mode == LockMode::kWrite) {
    writer_ = false;
  } else {
    --readers_;
  }
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
