// File: engine/region.h
// Defines `Region` (the open region object: its ManifestContext, its VersionControl, and the
// worker-owned schedulers' bookkeeping), `OpScope` (the lifetime of one command and its
// follow-on work: it disarms the command's fault when the last task of the op lets go of it) and
// `Reply` (the one-shot answer to a command).
// Thread-safety: Region's `ctx` and `version` are thread-safe; the rest (`RegionLoopState`) is
// owned by the region's worker loop task and reached only through Region::owned(), which aborts
// on any other task. OpScope and Reply are thread-safe.
#ifndef HOOKCHECK_ENGINE_REGION_H_
#define HOOKCHECK_ENGINE_REGION_H_

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/manifest_context.h"
#include "engine/runtime/one_shot.h"
#include "engine/status.h"
#include "engine/version_control.h"
#include "engine/worker_loop.h"
#include "model/op.h"

namespace hookcheck::engine {

// The answer to one command: Send() fulfils it once; later calls are ignored. A copyable handle
// (runtime::OneShot): the handler keeps a copy, the submitter waits on another.
class Reply {
 public:
  // REQUIRES: called from a task of a run of `rt` (the engine's runtime).
  explicit Reply(runtime::Runtime* rt) : code_(rt) {}
  void Send(const Status& s) const { code_.Set(s.code()); }
  // Blocks the calling task until Send.
  model::ErrorCode Wait(const char* site) const { return code_.Wait(site); }

 private:
  runtime::OneShot<model::ErrorCode> code_;
};

// Holds a command's fault armed; `on_end` runs when the last holder drops it (the op and all its
// follow-on work are over).
class OpScope {
 public:
  explicit OpScope(std::function<void()> on_end) : on_end_(std::move(on_end)) {}
  ~OpScope() {
    if (on_end_) on_end_();
  }
  OpScope(const OpScope&) = delete;
  OpScope& operator=(const OpScope&) = delete;

 private:
  std::function<void()> on_end_;
};
using ScopeRef = std::shared_ptr<OpScope>;

struct Region;

// An edit accepted by the worker and not yet committed.
struct PendingEdit {
  RegionEdit edit;
  bool raw = true;  // files only, no other fields: mergeable with the next raw edit
};

// One batch of edits (an EditRegion op with its queued raw edits).
struct EditBatch {
  explicit EditBatch(Reply r) : reply(std::move(r)) {}
  Reply reply;  // `done` answers instead when set
  ScopeRef scope;
  Status first_error;
  bool started_writable = false;
  std::vector<FileId> added;         // files of the batch's successful non-staging edits
  std::function<void(Status)> done;  // set instead of `reply` for apply staging's edit
};

// IndexBuildType; the value is upstream's priority (higher runs first).
enum class IndexBuildType : uint8_t { kCompact = 0, kFlush = 1, kSchemaChange = 2, kManual = 3 };

// One file's index build waiting for a slot (IndexBuildTask). `on_result` gets the task's result:
// Ok when it ran (even when its manifest write failed: upstream reports that through
// IndexBuildFailed), the failure's error when a failed write cancelled it.
struct IndexBuildTask {
  FileId file = 0;
  IndexBuildType type = IndexBuildType::kManual;
  // The FileMeta the build was scheduled from: the version's (new_index_build_task at
  // f684479d9c), at V5 the manifest's, the conditional publication's source
  // (handle_rebuild_index at 81a0dd77c7: current_file_meta).
  FileMeta source;
  ScopeRef scope;
  std::function<void(Status)> on_result;
};

// The worker-owned schedulers' bookkeeping of one region: touched only by messages running on the
// region's worker loop (Region::owned() checks the task).
struct RegionLoopState {
  bool flush_running = false;
  bool compaction_running = false;
  std::deque<std::function<void()>> pending_compactions;  // manual requests waiting their turn
  std::deque<PendingEdit> edit_queue;                     // RegionEditQueue
  std::shared_ptr<EditBatch> edit_batch;                  // the batch being written
  std::deque<std::function<void()>> stalled_writes;       // Puts waiting out A, E, ES
  // IndexBuildScheduler: at most `index_build_slots` builds run; the rest wait here.
  std::vector<IndexBuildTask> index_pending;
  std::vector<FileId> index_building;
};

struct Region {
  // `loop`: the worker loop that owns the region; it outlives the region.
  Region(RegionId id, std::shared_ptr<ManifestContext> c, const WorkerLoop* loop)
      : region_id(id), ctx(std::move(c)), loop_(loop) {}

  const RegionId region_id;
  // Thread-safe.
  const std::shared_ptr<ManifestContext> ctx;
  VersionControl version;

  // The loop-owned state. Aborts unless called on the owning worker loop's task.
  RegionLoopState& owned() {
    loop_->AssertOnLoopThread();
    return owned_;
  }

 private:
  const WorkerLoop* const loop_;
  RegionLoopState owned_;  // only through owned()
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_REGION_H_
