#include "engine/region_hook.h"

#include <algorithm>
#include <cassert>

namespace hookcheck::engine {

void PendingManifestHook::Fire(const ManifestLock& ml) && {
  if (!actions_.has_value()) return;
  if (suppress_staging_ && is_staging_) return;  // a12ad8df52: staging writes do not fire
  InvokeHook(hook_, ml, [&](RegionHook& h) { h.OnManifestUpdated(region_, *actions_, version_); });
}

void PendingManifestHook::FireUncheckedForMutant(const ManifestLock& ml) && {
  std::move(*this).Fire(ml);
}

PendingManifestHook PendingManifestHook::Merge(PendingManifestHook other) && {
  assert(region_ == other.region_);
  std::optional<RegionMetaActionList> merged = std::move(actions_);
  if (other.actions_.has_value()) {
    if (!merged.has_value()) merged.emplace();
    merged->insert(merged->end(), other.actions_->begin(), other.actions_->end());
  }
  return PendingManifestHook(region_, std::move(merged), std::max(version_, other.version_),
                             hook_ != nullptr ? hook_ : other.hook_,
                             is_staging_ && other.is_staging_,
                             suppress_staging_ || other.suppress_staging_);
}

}  // namespace hookcheck::engine
