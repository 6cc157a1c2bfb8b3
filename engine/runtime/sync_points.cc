#include "engine/runtime/sync_points.h"

namespace hookcheck::runtime {

SyncPoints::SyncPoints(Runtime* rt, const std::vector<std::pair<std::string, std::string>>& deps)
    : mu_(rt, "SyncPoints::mu_"), cv_(rt) {
  for (const auto& [a, b] : deps) {
    before_.emplace(b, a);
    involved_.insert(a);
    involved_.insert(b);
  }
}

void SyncPoints::Process(const char* name) {
  const std::string key(name);
  if (!involved_.contains(key)) return;
  MutexLock lock(&mu_, "SyncPoints::Process");
  const auto range = before_.equal_range(key);
  auto unmet = [&]() REQUIRES(mu_) {
    for (auto it = range.first; it != range.second; ++it) {
      if (!passed_.contains(it->second)) return true;
    }
    return false;
  };
  while (unmet()) cv_.Wait(&mu_, name);
  passed_.insert(key);
  cv_.SignalAll();
}

}  // namespace hookcheck::runtime
