#include "engine/object_store.h"

namespace hookcheck::engine {

Status ObjectStore::SaveManifestDelta(RegionId region, ManifestDir dir, Version version,
                                      const RegionMetaActionList& actions, FaultInjector* faults) {
  if (faults != nullptr && faults->Strike(FaultSite::kManifestSave)) {
    return Status::Storage("injected: manifest save failed (v" + std::to_string(version) + ")");
  }
  MutexLock l(&mu_);
  RegionObjects& r = regions_[region];
  (dir == ManifestDir::kLive ? r.live : r.staging)[version] = actions;
  return Status::Ok();
}

std::map<Version, RegionMetaActionList> ObjectStore::ListManifestDeltas(RegionId region,
                                                                        ManifestDir dir) const {
  MutexLock l(&mu_);
  auto it = regions_.find(region);
  if (it == regions_.end()) return {};
  return dir == ManifestDir::kLive ? it->second.live : it->second.staging;
}

std::optional<Version> ObjectStore::MaxVersion(RegionId region, ManifestDir dir) const {
  MutexLock l(&mu_);
  auto it = regions_.find(region);
  if (it == regions_.end()) return std::nullopt;
  const auto& deltas = dir == ManifestDir::kLive ? it->second.live : it->second.staging;
  if (deltas.empty()) return std::nullopt;
  return deltas.rbegin()->first;
}

void ObjectStore::ClearManifestDir(RegionId region, ManifestDir dir) {
  MutexLock l(&mu_);
  RegionObjects& r = regions_[region];
  (dir == ManifestDir::kLive ? r.live : r.staging).clear();
}

Status ObjectStore::WriteSst(RegionId region, const FileMeta& file, FaultInjector* faults) {
  if (faults != nullptr && faults->Strike(FaultSite::kSstWrite)) {
    return Status::Storage("injected: SST write failed (file " + std::to_string(file.file_id) +
                           ")");
  }
  MutexLock l(&mu_);
  regions_[region].ssts.insert(file.file_id);
  return Status::Ok();
}

bool ObjectStore::SstExists(RegionId region, FileId file) const {
  MutexLock l(&mu_);
  auto it = regions_.find(region);
  return it != regions_.end() && it->second.ssts.count(file) > 0;
}

void ObjectStore::DeleteSst(RegionId region, FileId file) {
  MutexLock l(&mu_);
  auto it = regions_.find(region);
  if (it != regions_.end()) it->second.ssts.erase(file);
}

void ObjectStore::PutRemapBlob(RegionId region, std::vector<FileMeta> files) {
  MutexLock l(&mu_);
  regions_[region].remap_blob = std::move(files);
}

std::optional<std::vector<FileMeta>> ObjectStore::GetRemapBlob(RegionId region) const {
  MutexLock l(&mu_);
  auto it = regions_.find(region);
  if (it == regions_.end()) return std::nullopt;
  return it->second.remap_blob;
}

void ObjectStore::DeleteRemapBlob(RegionId region) {
  MutexLock l(&mu_);
  regions_[region].remap_blob.reset();
}

void ObjectStore::DeleteRegion(RegionId region) {
  MutexLock l(&mu_);
  regions_.erase(region);
}

}  // namespace hookcheck::engine
