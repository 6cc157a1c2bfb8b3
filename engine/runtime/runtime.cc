#include "engine/runtime/runtime.h"

#include "engine/runtime/sync_points.h"

namespace hookcheck::runtime {
namespace {

// The runtime whose task runs on this OS thread. The deterministic runtime runs all its tasks on
// one thread, so one pointer per thread is exact for both implementations.
thread_local Runtime* current_runtime = nullptr;

}  // namespace

Runtime::Runtime() = default;
Runtime::~Runtime() = default;

Runtime* Runtime::Current() { return current_runtime; }

Runtime* Runtime::SetCurrent(Runtime* rt) {
  Runtime* prev = current_runtime;
  current_runtime = rt;
  return prev;
}

void Runtime::SyncPoint(const char* name) {
  Yield(name);
  if (sync_points_) sync_points_->Process(name);
}

void Runtime::LoadDependencies(const std::vector<std::pair<std::string, std::string>>& deps) {
  sync_points_ = std::make_unique<SyncPoints>(this, deps);
}

std::optional<std::string> Runtime::HookEntryStops(const char* hook,
                                                   const std::vector<HeldLock>& held) const {
  if (!hook_under_lock_stops_) return std::nullopt;
  return HookUnderManifestLock(hook, held);
}

std::optional<std::string> HookUnderManifestLock(const char* hook,
                                                 const std::vector<HeldLock>& held) {
  for (const HeldLock& h : held) {
    if (h.role == LockRole::kManifest && h.mode == LockMode::kWrite) {
      return std::string(hook) + " entered while its caller holds " + h.name +
             " in write mode (taken at " + h.site + ")";
    }
  }
  return std::nullopt;
}

}  // namespace hookcheck::runtime
