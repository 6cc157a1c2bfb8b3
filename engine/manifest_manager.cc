#include "engine/manifest_manager.h"

namespace hookcheck::engine {

std::unique_ptr<RegionManifestManager> RegionManifestManager::Create(const Options& options) {
  auto m = std::unique_ptr<RegionManifestManager>(new RegionManifestManager(options));
  // Version 0 (MIN_VERSION) is written with store.save directly, not through Update.
  options.store->SaveManifestDelta(options.region, ManifestDir::kLive, 0, {}, /*faults=*/nullptr)
      .IgnoreError();  // cannot fail without a fault injector
  m->last_version_ = 0;
  return m;
}

RegionManifest RegionManifestManager::Replay(
    const std::map<Version, RegionMetaActionList>& deltas) {
  RegionManifest m;
  for (const auto& [version, actions] : deltas) {
    for (const auto& a : actions) ApplyAction(a, &m);
    m.manifest_version = version;
  }
  return m;
}

std::unique_ptr<RegionManifestManager> RegionManifestManager::Open(const Options& options) {
  auto m = std::unique_ptr<RegionManifestManager>(new RegionManifestManager(options));
  m->manifest_ = Replay(options.store->ListManifestDeltas(options.region, ManifestDir::kLive));
  m->last_version_ = options.store->MaxVersion(options.region, ManifestDir::kLive).value_or(0);
  return m;
}

Status RegionManifestManager::Update(const RegionMetaActionList& actions, bool is_staging,
                                     Version* version) {
  if (stopped_) return Status::RegionState("manifest manager stopped");
  // 1. Consume a version: live and staging writes share the counter.
  const Version v = ++last_version_;
  // 2. Save.
  Status s = options_.store->SaveManifestDelta(
      options_.region, is_staging ? ManifestDir::kStaging : ManifestDir::kLive, v, actions,
      options_.faults);
  if (!s.ok()) {
    if (options_.mutant == Mutant::kVersionNotConsumedOnFailedSave) {
      --last_version_;  // MUTANT: gives the failed save's version back
    }
    return s;
  }
  // 3. Rebuild in memory on the staging manifest (staging write with one) or the live one.
  if (options_.faults != nullptr && options_.faults->Strike(FaultSite::kManifestRebuild)) {
    return Status::Unexpected("injected: in-memory manifest rebuild failed (v" + std::to_string(v) +
                              " persisted)");
  }
  RegionManifest next =
      (is_staging && staging_manifest_.has_value()) ? *staging_manifest_ : manifest_;
  for (const auto& a : actions) ApplyAction(a, &next);
  next.manifest_version = v;
  if (is_staging) {
    staging_manifest_ = std::move(next);  // no checkpoint for staging writes
  } else {
    manifest_ = std::move(next);  // a checkpoint may be spawned here; it never calls a hook
  }
  *version = v;
  return Status::Ok();
}

RegionMetaActionList RegionManifestManager::MergeStagedActions() const {
  RegionMetaActionList merged;
  for (const auto& [version, actions] :
       options_.store->ListManifestDeltas(options_.region, ManifestDir::kStaging)) {
    merged.insert(merged.end(), actions.begin(), actions.end());
  }
  return merged;
}

void RegionManifestManager::ClearStagingManifestAndDir() {
  staging_manifest_.reset();
  options_.store->ClearManifestDir(options_.region, ManifestDir::kStaging);
  options_.store->DeleteRemapBlob(options_.region);
}

void RegionManifestManager::InstallFromStore() {
  for (const auto& [v, actions] :
       options_.store->ListManifestDeltas(options_.region, ManifestDir::kLive)) {
    if (v <= last_version_) continue;
    for (const auto& a : actions) ApplyAction(a, &manifest_);
    manifest_.manifest_version = v;
    last_version_ = v;
  }
}

bool RegionManifestManager::HasUpdate() const {
  return options_.store->MaxVersion(options_.region, ManifestDir::kLive).value_or(0) >
         last_version_;
}

void RegionManifestManager::ApplyRemoteDelta(const RegionMetaActionList& actions, Version version) {
  for (const auto& a : actions) ApplyAction(a, &manifest_);
  manifest_.manifest_version = std::max(manifest_.manifest_version, version);
  last_version_ = std::max(last_version_, version);
}

}  // namespace hookcheck::engine
