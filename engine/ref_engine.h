// File: engine/ref_engine.h
// Defines `RefEngine`, the reference engine: a mito2-shaped region engine with one region (id 1)
// pinned to one of `workers` worker loops, background tasks (flush,
// compaction, edit, copy, index build, staging, graceful role change, GC, the remote compactor
// node), all tasks of the engine's runtime (EngineOptions::runtime), the in-memory object store with fault injection, and the hook recorder as its only
// RegionHook. Implementation split by concept: ref_engine.cc (requests, idle, observe),
// handle_write.cc, flush_task.cc, compaction_task.cc, remote_compactor.cc, edit_queue.cc,
// handle_copy.cc, staging.cc, handle_ddl.cc, index_build.cc, follow_on.cc, region_lifecycle.cc.
//
// Where hooks fire (never on the worker loop, never under the manifest lock):
//   SFW: the flush task after its SST write; the compaction task after its merge; the compactor
//        node. MU: whatever task committed, after ManifestContext released ML.
// Thread-safety: externally synchronized (the Engine contract: one driving thread). Internally,
// worker-owned state is touched only by the worker loop's task; the rest is listed by group below.
#ifndef HOOKCHECK_ENGINE_REF_ENGINE_H_
#define HOOKCHECK_ENGINE_REF_ENGINE_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/compaction_picker.h"
#include "engine/engine.h"
#include "engine/engine_options.h"
#include "engine/fault_injector.h"
#include "engine/hook_recorder.h"
#include "engine/object_store.h"
#include "engine/region.h"
#include "engine/runtime/runtime.h"
#include "engine/sync_point.h"
#include "engine/wal.h"
#include "engine/worker_loop.h"

namespace hookcheck::engine {

class RefEngine : public Engine {
 public:
  // Validates `options` and builds the engine with region 1 created (Writable, version 0).
  // Returns null and sets `*error` on invalid options (no clamping).
  static std::unique_ptr<RefEngine> Open(const EngineOptions& options, std::string* error);
  // "" iff `options` is valid.
  static std::string Validate(const EngineOptions& options);

  // REQUIRES: Validate(options) is "".
  explicit RefEngine(const EngineOptions& options);
  ~RefEngine() override REQUIRES(!idle_mu_);  // waits for idle, then joins every task

  model::ErrorCode Submit(const model::Command& command) override REQUIRES(!idle_mu_);
  void WaitIdle() override REQUIRES(!idle_mu_);
  model::Observation Observe() override REQUIRES(!idle_mu_);
  std::vector<HookEvent> TakeEvents() override;
  std::optional<RunStop> RunStopped() const override;
  // The callbacks and, with options.record_lock_events, the manifest-lock events since the last
  // call (HookRecorder::TakeTrace).
  void TakeTrace(std::vector<HookEvent>* callbacks, std::vector<LockEvent>* locks);
  std::string Name() const override;

  // For tests: the named sync points (RocksDB style) and the lock of the open region.
  SyncPoints& sync_points() { return sync_points_; }
  // The manifest context of the open region (null when none). Runs on the worker loop.
  std::shared_ptr<ManifestContext> TEST_context() REQUIRES(!idle_mu_);
  // The object store (thread-safe), for tests that check which SSTs exist.
  const ObjectStore& TEST_store() const { return store_; }

  // The report so far of the run the engine's requests are calls of (Runtime::Peek): kOk while
  // it goes on. Once it is not ok (a deadlock, a hook under the manifest lock, an exhausted
  // budget) the engine answers nothing more: Submit returns kUnexpected.
  runtime::RunReport RuntimeReport() const { return runtime_->Peek(); }

 private:
  enum class Presence : uint8_t { kOpen, kClosed, kDropped };
  enum class FlushReason : uint8_t { kManual, kDowngrading, kAlter, kEnterStaging, kClosing };
  struct CompactOptions {
    bool budget_fails = false;
    bool crash = false;
    uint8_t failed_outputs = 0;
  };

  // The public requests, each run as one Runtime::Call on the engine's runtime.
  void OpenOnRuntime() REQUIRES(!idle_mu_);
  model::ErrorCode SubmitOnRuntime(const model::Command& command) REQUIRES(!idle_mu_);
  void WaitIdleOnRuntime() REQUIRES(!idle_mu_);
  model::Observation ObserveOnRuntime() REQUIRES(!idle_mu_);
  void ShutdownOnRuntime() REQUIRES(!idle_mu_);

  // ---- Work accounting (idle) ----
  void BeginWork() REQUIRES(!idle_mu_);
  void EndWork() REQUIRES(!idle_mu_);
  // Posts `msg` to the region's worker loop; counted as work until it has run.
  void PostToWorker(std::function<void()> msg) REQUIRES(!idle_mu_);
  // Runs `task` as a background task; counted as work until it returns.
  void SpawnTask(std::function<void()> task) REQUIRES(!idle_mu_);
  WorkerLoop& worker();
  // Whether the calling task is a worker loop's (the recorder's probe).
  bool OnAnyWorkerLoop() const;

  // ---- Requests (worker loop) ----
  void Dispatch(const model::Command& command, Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  std::shared_ptr<Region> OpenRegion(model::ErrorCode* code) REQUIRES(!idle_mu_);
  std::shared_ptr<Region> NewRegionObject(std::unique_ptr<RegionManifestManager> manager,
                                          RoleState initial) REQUIRES(!idle_mu_);
  FileId AllocateFileId() { return next_file_id_.fetch_add(1); }
  // Whether on_region_opened / closed / dropped / files_removed exist (V2+). They go to the
  // region's hook through ManifestContext::InvokeHook, like SFW.
  bool FiresLifecycle() const { return model::FiresLifecycleCallbacks(options_.contract); }

  // handle_write.cc
  void HandlePut(const model::Put& op, Reply reply) REQUIRES(!idle_mu_);
  void RunStalledWrites(const std::shared_ptr<Region>& r) REQUIRES(!idle_mu_);
  // flush_task.cc
  void HandleFlush(Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  void StartFlush(const std::shared_ptr<Region>& r, FlushReason reason, ScopeRef scope,
                  std::function<void(Status, std::vector<FileId>)> done) REQUIRES(!idle_mu_);
  void RunFlushJob(std::shared_ptr<Region> r, FileMeta file, RegionEdit edit, FlushReason reason,
                   bool is_staging, std::vector<uint8_t> frozen,
                   std::function<void(Status, std::vector<FileId>)> done) REQUIRES(!idle_mu_);
  // compaction_task.cc
  void HandleCompactLocal(const model::CompactLocal& op, Reply reply, ScopeRef scope)
      REQUIRES(!idle_mu_);
  void StartCompaction(const std::shared_ptr<Region>& r, PickerOutput pick, CompactOptions opts,
                       ScopeRef scope, std::function<void(Status, std::vector<FileId>)> done)
      REQUIRES(!idle_mu_);
  void RunCompactionJob(std::shared_ptr<Region> r, PickerOutput pick, CompactOptions opts,
                        std::function<void(Status, std::vector<FileId>)> done) REQUIRES(!idle_mu_);
  // remote_compactor.cc
  void HandleCompactRemote(const model::CompactRemote& op, Reply reply, ScopeRef scope)
      REQUIRES(!idle_mu_);
  // edit_queue.cc
  void HandleEditRegion(const model::EditRegion& op, Reply reply, ScopeRef scope)
      REQUIRES(!idle_mu_);
  void StartEdit(const std::shared_ptr<Region>& r, PendingEdit edit, ScopeRef scope)
      REQUIRES(!idle_mu_);
  void OnEditResult(const std::shared_ptr<Region>& r, bool is_staging, RegionEdit edit, Status s,
                    ScopeRef scope) REQUIRES(!idle_mu_);
  // handle_copy.cc
  void HandleCopyRegion(const model::CopyRegion& op, Reply reply, ScopeRef scope)
      REQUIRES(!idle_mu_);
  // staging.cc
  void HandleEnterStaging(const model::EnterStaging& op, Reply reply, ScopeRef scope)
      REQUIRES(!idle_mu_);
  void EnterStagingAfterFlush(const std::shared_ptr<Region>& r, const model::EnterStaging& op,
                              Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  void HandleRemap(const model::Remap& op, Reply reply) REQUIRES(!idle_mu_);
  void HandleApplyStaging(const model::ApplyStaging& op, Reply reply, ScopeRef scope)
      REQUIRES(!idle_mu_);
  // handle_ddl.cc
  void HandleAlter(const model::Alter& op, Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  void AlterAfterFlush(const std::shared_ptr<Region>& r, const model::Alter& op, Reply reply,
                       ScopeRef scope) REQUIRES(!idle_mu_);
  void HandleTruncate(const model::Truncate& op, Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  // index_build.cc
  void HandleBuildIndex(Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  // handle_rebuild_index: `files` empty picks the files whose index is stale; `done` gets the
  // first error any of the builds reports, else Ok when all reported.
  void ScheduleIndexBuilds(const std::shared_ptr<Region>& r, std::vector<FileId> files,
                           IndexBuildType type, ScopeRef scope, std::function<void(Status)> done)
      REQUIRES(!idle_mu_);
  void RunIndexBuilds(const std::shared_ptr<Region>& r) REQUIRES(!idle_mu_);
  void StartIndexBuild(const std::shared_ptr<Region>& r, IndexBuildTask task) REQUIRES(!idle_mu_);
  void OnIndexBuildStopped(const std::shared_ptr<Region>& r, IndexBuildTask task, Status write)
      REQUIRES(!idle_mu_);
  // follow_on.cc
  void ScheduleFollowOn(const std::shared_ptr<Region>& r, std::vector<FileId> new_files,
                        bool compact, ScopeRef scope) REQUIRES(!idle_mu_);
  void QueueIndexBuilds(const std::shared_ptr<Region>& r, std::vector<FileId> files,
                        IndexBuildType type, ScopeRef scope, bool front) REQUIRES(!idle_mu_);
  // handle_compaction_finished after a successful compaction (manual or automatic): async index
  // builds for the outputs, then the next pending manual request, else the picker again.
  void OnCompactionFinished(const std::shared_ptr<Region>& r, std::vector<FileId> outputs,
                            ScopeRef scope) REQUIRES(!idle_mu_);
  // The automatic picker (auto_compact_threshold) as a follow-on item; `rerun`: the
  // schedule_next_compaction after a finished compaction (no role check).
  void QueueNextCompaction(const std::shared_ptr<Region>& r, ScopeRef scope, bool rerun)
      REQUIRES(!idle_mu_);
  void RunNextFollowOn() REQUIRES(!idle_mu_);
  // region_lifecycle.cc
  void HandleDrop(Reply reply) REQUIRES(!idle_mu_);
  void HandleClose(Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  void CloseNow(const std::shared_ptr<Region>& r) REQUIRES(!idle_mu_);
  void HandleOpen(const model::Open& op, Reply reply) REQUIRES(!idle_mu_);
  // A region object read back from the live dir in `role`. Open and Create replay the WAL
  // (replay_memtable: the entries after the flushed entry id become the memtable); the catch-up
  // reopen skips it (skip_wal_replay).
  enum class WalReplay : uint8_t { kReplay, kSkipReplay };
  std::shared_ptr<Region> ReopenFromStore(RoleState role, WalReplay wal) REQUIRES(!idle_mu_);
  void HandleCreate(Reply reply) REQUIRES(!idle_mu_);
  void HandleFollowerSync(Reply reply) REQUIRES(!idle_mu_);
  void HandleCatchup(const model::Catchup& op, Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  void HandleGc(const model::Gc& op, Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  // head_paths.cc (V5; below V5 both answer Unsupported)
  void HandleOfflineCleanup(Reply reply) REQUIRES(!idle_mu_);
  void HandleDiscardUnflushed(Reply reply, ScopeRef scope) REQUIRES(!idle_mu_);
  void HandleSetRole(const model::SetRole& op, Reply reply) REQUIRES(!idle_mu_);
  void HandleSetRoleGracefully(const model::SetRoleGracefully& op, Reply reply, ScopeRef scope)
      REQUIRES(!idle_mu_);

  // Every task of the engine runs on it (declared first: it outlives every member that uses it).
  const std::unique_ptr<runtime::Runtime> runtime_;

  // Constant after construction.
  const EngineOptions options_;
  static constexpr RegionId kRegionId = 1;

  // Lock themselves (thread-safe objects shared with the background tasks).
  ObjectStore store_;
  FaultInjector faults_;
  SyncPoints sync_points_;
  HookRecorder recorder_;
  std::atomic<FileId> next_file_id_{1};  // the per-region file-id counter (reset by Create)
  std::atomic<uint64_t> op_generation_{0};
  mutable std::atomic<bool> stop_reported_{false};  // RunStopped has returned the stop

  // Protected by idle_mu_.
  runtime::Mutex idle_mu_;
  runtime::CondVar idle_cv_;
  int64_t busy_ GUARDED_BY(idle_mu_) = 0;

  // Owned by the worker loop (touched only by messages running on it). Dispatch,
  // OpenRegion and RunNextFollowOn, the ways into this state, call worker().AssertOnLoopThread();
  // a Region's own loop-owned state is behind Region::owned(), which checks on every access.
  Presence presence_ = Presence::kOpen;
  std::shared_ptr<Region> region_;
  Wal wal_;
  // The PartitionExprFetcher answers (the last Open's `fetch`); a catch-up reopen asks it again.
  bool fetch_partition_expr_ = true;
  struct FollowOnItem {
    std::function<void(std::function<void()> done)> run;
  };
  std::deque<FollowOnItem> follow_on_;
  bool follow_on_running_ = false;

  // Tasks: the shutdown call stops the workers, then joins the background tasks; both objects are
  // destroyed after the run has ended (Runtime::End), when every task has finished.
  BackgroundPool background_;
  std::vector<std::unique_ptr<WorkerLoop>> workers_;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_REF_ENGINE_H_
