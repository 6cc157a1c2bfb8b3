#include "engine/sync_point.h"

namespace hookcheck::engine {

void SyncPoints::Set(const std::string& name, Callback cb, bool one_shot, uint64_t owner) {
  MutexLock l(&mu_);
  points_[name] = Entry{std::make_shared<Callback>(std::move(cb)), one_shot, owner};
}

void SyncPoints::ClearOwned(const std::string& name, uint64_t owner) {
  MutexLock l(&mu_);
  auto it = points_.find(name);
  if (owner != 0 && it != points_.end() && it->second.owner == owner) points_.erase(it);
}

void SyncPoints::Clear(const std::string& name) {
  MutexLock l(&mu_);
  points_.erase(name);
}

void SyncPoints::ClearAll() {
  MutexLock l(&mu_);
  points_.clear();
}

void SyncPoints::Process(const char* name) {
  TEST_SYNC_POINT(name);  // before mu_: a schedule point must not be reached under a leaf mutex
  std::shared_ptr<Callback> cb;
  {
    MutexLock l(&mu_);
    auto it = points_.find(name);
    if (it == points_.end()) return;
    cb = it->second.cb;
    if (it->second.one_shot) points_.erase(it);
  }
  // The registry mutex is released: the callback may take engine locks or set other points.
  (*cb)();
}

}  // namespace hookcheck::engine
