#include "engine/manifest_lock.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace hookcheck::engine {
namespace {

struct Hold {
  const ManifestLock* lock;
  LockHeld mode;
  const char* site;
};

// The registry of the calling thread: the ManifestLocks it holds. Only the owning thread reads or
// writes it, so it needs no lock.
std::vector<Hold>& Registry() {
  thread_local std::vector<Hold> holds;
  return holds;
}

void Record(const ManifestLock* lock, LockHeld mode, const char* site) {
  auto& holds = Registry();
  for (const Hold& h : holds) {
    if (h.lock == lock) {
      // Not re-entrant: a second acquisition by the same thread would deadlock on the real lock.
      std::fprintf(stderr, "ManifestLock: re-entrant acquisition at %s (held since %s)\n", site,
                   h.site);
      std::abort();
    }
  }
  holds.push_back({lock, mode, site});
}

void Tell(ManifestLockObserver* observer, ManifestLockObserver::Op op, LockHeld mode,
          const char* site) {
  if (observer != nullptr) observer->OnManifestLock(op, mode, site);
}

void Forget(const ManifestLock* lock) {
  auto& holds = Registry();
  auto it = std::find_if(holds.begin(), holds.end(), [&](const Hold& h) { return h.lock == lock; });
  if (it == holds.end()) {
    std::fprintf(stderr, "ManifestLock: released by a thread that does not hold it\n");
    std::abort();
  }
  holds.erase(it);
}

}  // namespace

// The registry is updated after acquiring and before releasing, so it never claims a hold the
// thread does not have; the observer is told at the same two moments.
void ManifestLock::Lock(const char* site) {
  mu_.lock();
  Record(this, LockHeld::kWrite, site);
  Tell(observer_.load(), ManifestLockObserver::Op::kAcquire, LockHeld::kWrite, site);
}

void ManifestLock::Unlock() {
  Tell(observer_.load(), ManifestLockObserver::Op::kRelease, LockHeld::kWrite, "");
  Forget(this);
  mu_.unlock();
}

void ManifestLock::LockShared(const char* site) {
  mu_.lock_shared();
  Record(this, LockHeld::kRead, site);
  Tell(observer_.load(), ManifestLockObserver::Op::kAcquire, LockHeld::kRead, site);
}

void ManifestLock::UnlockShared() {
  Tell(observer_.load(), ManifestLockObserver::Op::kRelease, LockHeld::kRead, "");
  Forget(this);
  mu_.unlock_shared();
}

void ManifestLock::AssertHeld() const {
  if (HeldByCurrentThread().mode != LockHeld::kWrite) {
    std::fprintf(stderr, "ManifestLock::AssertHeld: write lock not held\n");
    std::abort();
  }
}

void ManifestLock::AssertReaderHeld() const {
  if (HeldByCurrentThread().mode == LockHeld::kNone) {
    std::fprintf(stderr, "ManifestLock::AssertReaderHeld: lock not held\n");
    std::abort();
  }
}

LockRecord ManifestLock::HeldByCurrentThread() const {
  for (const Hold& h : Registry()) {
    if (h.lock == this) return {h.mode, h.site};
  }
  return {};
}

LockRecord ManifestLock::AnyHeldByCurrentThread() {
  LockRecord best;
  for (const Hold& h : Registry()) {
    if (best.mode == LockHeld::kNone ||
        (h.mode == LockHeld::kWrite && best.mode == LockHeld::kRead)) {
      best = {h.mode, h.site};
    }
  }
  return best;
}

}  // namespace hookcheck::engine
