#include "engine/hook_recorder.h"

#include <algorithm>

#include "engine/manifest_lock.h"
#include "engine/worker_loop.h"

namespace hookcheck::engine {
namespace {

HookEvent SfwEvent(RegionId region, const std::vector<FileMeta>& files) {
  HookEvent e;
  e.callback = model::Callback::kSstFilesWritten;
  e.region = region;
  for (const FileMeta& f : files) e.files.push_back(f.file_id);
  std::sort(e.files.begin(), e.files.end());
  return e;
}

HookEvent MuEvent(RegionId region, const RegionMetaActionList& actions, Version version) {
  HookEvent e;
  e.callback = model::Callback::kManifestUpdated;
  e.region = region;
  e.version = version;
  e.actions = ToModelActions(actions);
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

HookRecorder::HookRecorder() : compactor_view_(this) {}

void HookRecorder::Record(HookEvent e) {
  // Read the calling thread's lock registry first: it is exactly what the thread holds now.
  const LockRecord held = ManifestLock::AnyHeldByCurrentThread();
  e.lock_held = held.mode;
  if (held.mode != LockHeld::kNone) e.lock_site = held.site;
  // The calling thread's role, read here for the same reason ([Threading] in region_hook.h).
  e.on_worker_loop = WorkerLoop::OnAnyLoopThread();
  MutexLock l(&mu_);
  // seq is taken under mu_ so that recording order and logical time agree.
  e.seq = next_seq_.fetch_add(1);
  e.thread = ThreadNumber();
  events_.push_back(std::move(e));
}

uint64_t HookRecorder::ThreadNumber() {
  auto [it, inserted] =
      thread_numbers_.emplace(std::this_thread::get_id(), thread_numbers_.size() + 1);
  return it->second;
}

void HookRecorder::RecordLock(LockEvent e) {
  MutexLock l(&mu_);
  e.seq = next_seq_.fetch_add(1);
  e.thread = ThreadNumber();
  lock_events_.push_back(std::move(e));
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

void HookRecorder::CompactorView_::OnSstFilesWritten(RegionId region,
                                                     const std::vector<FileMeta>& files) {
  HookEvent e = SfwEvent(region, files);
  e.on_compactor = true;
  r_->Record(std::move(e));
}

void HookRecorder::CompactorView_::OnManifestUpdated(RegionId region,
                                                     const RegionMetaActionList& actions,
                                                     Version version) {
  HookEvent e = MuEvent(region, actions, version);
  e.on_compactor = true;
  r_->Record(std::move(e));
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
