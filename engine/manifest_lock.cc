#include "engine/manifest_lock.h"

namespace hookcheck::engine {
namespace {

void Tell(ManifestLockObserver* observer, ManifestLockObserver::Op op, LockHeld mode,
          const char* site) {
  if (observer != nullptr) observer->OnManifestLock(op, mode, site);
}

LockRecord ToRecord(const runtime::HeldLock& h) {
  return {h.mode == runtime::LockMode::kWrite ? LockHeld::kWrite : LockHeld::kRead, h.site};
}

}  // namespace

// The observer is told after the lock is held and before it is let go, so the calls of one task
// are its program order.
void ManifestLock::Lock(const char* site) {
  mu_.Lock(site);
  Tell(observer_.load(), ManifestLockObserver::Op::kAcquire, LockHeld::kWrite, site);
}

void ManifestLock::Unlock() {
  Tell(observer_.load(), ManifestLockObserver::Op::kRelease, LockHeld::kWrite, "");
  mu_.Unlock();
}

void ManifestLock::LockShared(const char* site) {
  mu_.LockShared(site);
  Tell(observer_.load(), ManifestLockObserver::Op::kAcquire, LockHeld::kRead, site);
}

void ManifestLock::UnlockShared() {
  Tell(observer_.load(), ManifestLockObserver::Op::kRelease, LockHeld::kRead, "");
  mu_.UnlockShared();
}

LockRecord ManifestLock::HeldByCurrentTask() const {
  for (const runtime::HeldLock& h : rt_->HeldByCurrentTask()) {
    if (h.lock == mu_.identity()) return ToRecord(h);
  }
  return {};
}

LockRecord ManifestLock::AnyHeldByCurrentTask(const runtime::Runtime& rt) {
  LockRecord best;
  for (const runtime::HeldLock& h : rt.HeldByCurrentTask()) {
    if (h.role != runtime::LockRole::kManifest) continue;
    const LockRecord r = ToRecord(h);
    if (best.mode == LockHeld::kNone ||
        (r.mode == LockHeld::kWrite && best.mode == LockHeld::kRead)) {
      best = r;
    }
  }
  return best;
}

}  // namespace hookcheck::engine
