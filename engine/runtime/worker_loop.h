// File: engine/runtime/worker_loop.h
// Defines `WorkerLoop`, a task queue drained by one task of a runtime (mito2's RegionWorkerLoop,
// "WL", as engine/worker_loop.h has it on threads): messages run one at a time, in posting
// order. Written on the runtime's Mutex and CondVar only, so the same code runs on both.
// Thread-safety: thread-safe (Post and Stop from any task).
#ifndef HOOKCHECK_ENGINE_RUNTIME_WORKER_LOOP_H_
#define HOOKCHECK_ENGINE_RUNTIME_WORKER_LOOP_H_

#include <deque>
#include <functional>
#include <string>

#include "base/thread_annotations.h"
#include "engine/runtime/sync.h"

namespace hookcheck::runtime {

class WorkerLoop {
 public:
  // Spawns the loop's task on `rt`. REQUIRES: inside a run on the deterministic runtime.
  WorkerLoop(Runtime* rt, std::string name);
  WorkerLoop(const WorkerLoop&) = delete;
  WorkerLoop& operator=(const WorkerLoop&) = delete;

  // Queues `msg`; false (dropping it) once the loop is stopping.
  bool Post(std::function<void()> msg) REQUIRES(!mu_);
  // Runs what is queued, then ends the loop's task and joins it. REQUIRES: not on the loop.
  void Stop() REQUIRES(!mu_);
  // True iff the calling task is the loop's task.
  bool OnLoop() const { return rt_->CurrentTask() == task_; }

 private:
  void Loop() REQUIRES(!mu_);

  Runtime* const rt_;

  Mutex mu_;
  CondVar cv_;
  std::deque<std::function<void()>> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;

  TaskId task_ = 0;  // set by the constructor, then constant
};

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_WORKER_LOOP_H_
