// File: engine/worker_loop.h
// Defines `WorkerLoop`, one region worker (mito2's RegionWorkerLoop, "WL"): a task of the
// engine's runtime that runs the messages posted to its channel one at a time, in posting order
// (runtime::WorkerLoop). Requests and background-task results are both messages, so everything a
// worker owns is touched by its task only. `BackgroundPool` runs background tasks as tasks of the
// same runtime and joins them all.
// Thread-safety: thread-safe (Post and Spawn from any task of the runtime).
#ifndef HOOKCHECK_ENGINE_WORKER_LOOP_H_
#define HOOKCHECK_ENGINE_WORKER_LOOP_H_

#include <functional>
#include <string>
#include <vector>

#include "base/thread_annotations.h"
#include "engine/runtime/sync.h"
#include "engine/runtime/worker_loop.h"

namespace hookcheck::engine {

class WorkerLoop {
 public:
  // Starts the loop's task on `rt`. REQUIRES: inside a run of `rt`. `index` names the task.
  WorkerLoop(runtime::Runtime* rt, int index);
  // REQUIRES: Stop was called, or the run has ended (every task of a stopped run is unwound).
  ~WorkerLoop() = default;
  WorkerLoop(const WorkerLoop&) = delete;
  WorkerLoop& operator=(const WorkerLoop&) = delete;

  // Queues `msg`; returns false (dropping it) once the loop is stopping.
  bool Post(std::function<void()> msg) { return loop_.Post(std::move(msg)); }
  // Runs what is queued, then ends and joins the loop's task. REQUIRES: not on the loop; called
  // once, by one task (the engine's driver).
  void Stop() { loop_.Stop(); }
  // True iff the calling task is this loop's task.
  bool OnLoopThread() const { return loop_.OnLoop(); }
  // Aborts unless the calling task is this loop's task: the guard of the loop-owned state
  // (region.h, ref_engine.h), whose owners call it before touching that state.
  void AssertOnLoopThread() const;

 private:
  runtime::WorkerLoop loop_;
};

class BackgroundPool {
 public:
  explicit BackgroundPool(runtime::Runtime* rt) : rt_(rt), mu_(rt, "BackgroundPool::mu_") {}
  // Runs `task` as a new task of the runtime, named `name`.
  void Spawn(std::string name, std::function<void()> task) REQUIRES(!mu_);
  // Joins every task started so far, and every task those start while it waits.
  void JoinAll() REQUIRES(!mu_);

 private:
  runtime::Runtime* const rt_;
  runtime::Mutex mu_;
  std::vector<runtime::TaskId> tasks_ GUARDED_BY(mu_);  // started, not yet joined
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_WORKER_LOOP_H_
