#include "engine/hook_recorder.h"

#include <algorithm>

#include "engine/manifest_lock.h"

namespace hookcheck::engine {
namespace {

HookEvent SfwEvent(RegionId region, const std::vector<FileMeta>& files) {
  HookEvent e;
  e.callback = model::Callback::kSstFilesWritten;
  e.region = region;
  std::vector<FileMeta> sorted = files;
  std::sort(sorted.begin(), sorted.end(),
            [](const FileMeta& a, const FileMeta& b) { return a.file_id < b.file_id; });
  for (const FileMeta& f : sorted) {
    e.files.push_back(f.file_id);
    e.file_infos.push_back(ToSstFileInfo(f));
  }
  return e;
}

HookEvent MuEvent(RegionId region, const RegionMetaActionList& actions, Version version) {
  HookEvent e;
  e.callback = model::Callback::kManifestUpdated;
  e.region = region;
  e.version = version;
  e.actions = ToModelActionsWithPayload(actions);
  return e;
}

HookEvent PlainEvent(model::Callback c, RegionId region) {
  HookEvent e;
  e.callback = c;
  e.region = region;
  return e;
}

HookEvent GcEvent(RegionId region, const RegionGcInfo& info) {
  HookEvent e = PlainEvent(model::Callback::kRegionGc, region);
  e.files = info.removed_files;
  std::sort(e.files.begin(), e.files.end());
  e.gc_region_dropped = info.is_region_dropped;
  e.gc_full_listing = info.full_file_listing;
  return e;
}

LockEvent MakeLockEvent(ManifestLockObserver::Op op, LockHeld mode, const char* site) {
  LockEvent e;
  e.acquire = op == ManifestLockObserver::Op::kAcquire;
  e.mode = mode;
  e.site = site;
  return e;
}

}  // namespace

HookRecorder::HookRecorder(const runtime::Runtime* rt, bool record_payloads, TraceTap* tap)
    : rt_(rt), record_payloads_(record_payloads), tap_(tap), compactor_view_(this) {}

void HookRecorder::Record(HookEvent e, bool on_compactor) {
  e.on_compactor = on_compactor;
  if (!record_payloads_) {
    e.payload_reported = false;
    e.file_infos.clear();
    for (model::Action& a : e.actions) model::ClearPayload(&a);
  }
  // Read the calling task's holds first: they are exactly what the task holds now.
  const LockRecord held = ManifestLock::AnyHeldByCurrentTask(*rt_);
  e.lock_held = held.mode;
  if (held.mode != LockHeld::kNone) e.lock_site = held.site;
  // The calling task's role, read here for the same reason ([Threading] in region_hook.h).
  e.on_worker_loop = on_worker_loop_ && on_worker_loop_();
  {
    MutexLock l(&mu_);
    // seq is taken under mu_ so that recording order and logical time agree.
    e.seq = next_seq_.fetch_add(1);
    e.thread = ThreadNumber();
    events_.push_back(e);
  }
  // Outside mu_: the tap may take its own locks, and the recorder never waits on anyone's.
  if (tap_ != nullptr) tap_->OnCallback(e);
}

uint64_t HookRecorder::ThreadNumber() {
  auto [it, inserted] = thread_numbers_.emplace(rt_->CurrentTask(), thread_numbers_.size() + 1);
  return it->second;
}

void HookRecorder::RecordLock(LockEvent e) {
  {
    MutexLock l(&mu_);
    e.seq = next_seq_.fetch_add(1);
    e.thread = ThreadNumber();
    lock_events_.push_back(e);
  }
  if (tap_ != nullptr) tap_->OnLock(e);
}

void HookRecorder::OnManifestLock(Op op, LockHeld mode, const char* site) {
  RecordLock(MakeLockEvent(op, mode, site));
}

void HookRecorder::CompactorView_::OnManifestLock(Op op, LockHeld mode, const char* site) {
  LockEvent e = MakeLockEvent(op, mode, site);
  e.lock = 2;
  e.on_compactor = true;
  r_->RecordLock(std::move(e));
}

void HookRecorder::OnSstFilesWritten(RegionId region, const std::vector<FileMeta>& files) {
  Record(SfwEvent(region, files));
}
void HookRecorder::OnManifestUpdated(RegionId region, const RegionMetaActionList& actions,
                                     Version version) {
  Record(MuEvent(region, actions, version));
}
void HookRecorder::OnRegionOpened(RegionId region) {
  Record(PlainEvent(model::Callback::kRegionOpened, region));
}
void HookRecorder::OnRegionClosed(RegionId region) {
  Record(PlainEvent(model::Callback::kRegionClosed, region));
}
void HookRecorder::OnRegionDropped(RegionId region) {
  Record(PlainEvent(model::Callback::kRegionDropped, region));
}
void HookRecorder::OnRegionFilesRemoved(RegionId region) {
  Record(PlainEvent(model::Callback::kRegionFilesRemoved, region));
}
void HookRecorder::OnRegionGc(RegionId region, const RegionGcInfo& info) {
  Record(GcEvent(region, info));
}

void HookRecorder::CompactorView_::OnSstFilesWritten(RegionId region,
                                                     const std::vector<FileMeta>& files) {
  r_->Record(SfwEvent(region, files), /*on_compactor=*/true);
}
void HookRecorder::CompactorView_::OnManifestUpdated(RegionId region,
                                                     const RegionMetaActionList& actions,
                                                     Version version) {
  r_->Record(MuEvent(region, actions, version), /*on_compactor=*/true);
}
void HookRecorder::CompactorView_::OnRegionOpened(RegionId region) {
  r_->Record(PlainEvent(model::Callback::kRegionOpened, region), /*on_compactor=*/true);
}
void HookRecorder::CompactorView_::OnRegionClosed(RegionId region) {
  r_->Record(PlainEvent(model::Callback::kRegionClosed, region), /*on_compactor=*/true);
}
void HookRecorder::CompactorView_::OnRegionDropped(RegionId region) {
  r_->Record(PlainEvent(model::Callback::kRegionDropped, region), /*on_compactor=*/true);
}
void HookRecorder::CompactorView_::OnRegionFilesRemoved(RegionId region) {
  r_->Record(PlainEvent(model::Callback::kRegionFilesRemoved, region), /*on_compactor=*/true);
}
void HookRecorder::CompactorView_::OnRegionGc(RegionId region, const RegionGcInfo& info) {
  r_->Record(GcEvent(region, info), /*on_compactor=*/true);
}

void HookRecorder::TakeTrace(std::vector<HookEvent>* callbacks, std::vector<LockEvent>* locks) {
  MutexLock l(&mu_);
  callbacks->clear();
  callbacks->swap(events_);
  locks->clear();
  locks->swap(lock_events_);
}

std::vector<HookEvent> HookRecorder::TakeEvents() {
  MutexLock l(&mu_);
  lock_events_.clear();  // a caller that takes only callbacks has no use for them
  std::vector<HookEvent> out;
  out.swap(events_);
  return out;
}

}  // namespace hookcheck::engine
