#include "engine/runtime/internal/threads_sync.h"

namespace hookcheck::runtime::internal {

void ThreadLock::Acquire(LockMode mode, const char* site) {
  ThreadsRuntime::Task* self = rt_->Self();
  if (std::optional<HeldLock> h = rt_->FindHeld(self, this)) {
    // Not re-entrant: waiting would never end, so this is a deadlock of one task, said now.
    rt_->StopAndAbort(Outcome::kDeadlock, ReentryMessage(name_, site, *h), self);
  }
  std::unique_lock<std::mutex> lk(mu_);
  rt_->BlockUntil(lk, cv_, [&] { return state_.CanAcquire(mode); }, site, ModeName(mode), name_,
                  {});
  state_.Take(mode);
  rt_->AddHeld(self, {this, name_, site, role_, mode});
}

void ThreadLock::Release(LockMode mode) {
  if (!rt_->RemoveHeld(rt_->Self(), this, mode)) return UnheldRelease(rt_->Stopping(), name_);
  {
    std::lock_guard<std::mutex> lk(mu_);
    state_.Give(mode);
  }
  cv_.notify_all();
  rt_->Progress();
}

bool ThreadLock::HeldByCurrentTask(LockMode mode) const {
  std::optional<HeldLock> h = rt_->FindHeld(rt_->Self(), this);
  return h && h->mode == mode;
}

bool ThreadCond::Wait(LockImpl* lock, std::optional<std::chrono::milliseconds> timeout,
                      const char* site) {
  bool notified;
  {
    // Holding mu_ across the release of `lock` means a notify between the release and the wait
    // cannot be lost: Notify needs mu_, which the wait gives up atomically.
    std::unique_lock<std::mutex> lk(mu_);
    const uint64_t seen = generation_;
    lock->Release(LockMode::kWrite);
    notified = rt_->BlockUntil(
        lk, cv_, [&] { return generation_ != seen; }, site, "notify on", "condvar", timeout);
  }
  lock->Acquire(LockMode::kWrite, site);
  return notified;
}

void ThreadCond::Notify(bool all) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    ++generation_;
  }
  cv_.notify_all();
  rt_->Progress();
}

}  // namespace hookcheck::runtime::internal
