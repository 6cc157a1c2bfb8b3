// File: engine/worker_loop.h
// Defines `WorkerLoop`, one region worker thread (mito2's RegionWorkerLoop, "WL"): it runs the
// messages posted to its channel one at a time, in posting order. Requests and background-task
// results are both messages, so everything a worker owns is touched by its thread only.
// `BackgroundPool` runs background tasks on their own joinable threads (no detached threads).
// Thread-safety: thread-safe (Post and Spawn from any thread).
#ifndef HOOKCHECK_ENGINE_WORKER_LOOP_H_
#define HOOKCHECK_ENGINE_WORKER_LOOP_H_

#include <atomic>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <thread>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace hookcheck::engine {

class WorkerLoop {
 public:
  explicit WorkerLoop(int index);  // `index`: for thread names in debuggers only
  ~WorkerLoop();                   // stops and joins; messages still queued are dropped
  WorkerLoop(const WorkerLoop&) = delete;
  WorkerLoop& operator=(const WorkerLoop&) = delete;

  // Queues `msg`; returns false (dropping it) once the loop is stopping.
  bool Post(std::function<void()> msg) REQUIRES(!mu_);
  void Stop() REQUIRES(!mu_);
  // True iff the calling thread is this loop's thread.
  bool OnLoopThread() const { return std::this_thread::get_id() == thread_id_; }
  // Aborts unless the calling thread is this loop's thread: the guard of the loop-owned state
  // (region.h, ref_engine.h), whose owners call it before touching that state.
  void AssertOnLoopThread() const;
  // True iff the calling thread is the thread of any WorkerLoop (the hook recorder asks: SFW must
  // never run on a worker loop).
  static bool OnAnyLoopThread();

 private:
  void Run() REQUIRES(!mu_);

  Mutex mu_;
  CondVar cv_;
  std::deque<std::function<void()>> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;

  std::thread thread_;  // started last in the constructor
  std::thread::id thread_id_;
};

class BackgroundPool {
 public:
  BackgroundPool() = default;
  ~BackgroundPool();  // joins every task
  // Runs `task` on a new thread.
  void Spawn(std::function<void()> task) REQUIRES(!mu_);
  // Joins every task started so far.
  void JoinAll() REQUIRES(!mu_);

 private:
  struct Task {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void ReapLocked() REQUIRES(mu_);

  Mutex mu_;
  std::list<Task> tasks_ GUARDED_BY(mu_);
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_WORKER_LOOP_H_
