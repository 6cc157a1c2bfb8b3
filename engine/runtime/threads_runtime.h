// File: engine/runtime/threads_runtime.h
// Defines `ThreadsRuntime`, the runtime of real threads: each task a std::thread, locks and
// condition variables on std::mutex + std::condition_variable (explicit lock state, so a wait
// can be bounded and a report can name every holder). No wait is unbounded: a waiting task
// wakes every `poll` and the run is declared deadlocked once every unfinished task has waited,
// untimed, with no progress (a release, a notify, a finished task) for `deadlock_after`.
// Thread-safety: thread-safe.
#ifndef HOOKCHECK_ENGINE_RUNTIME_THREADS_RUNTIME_H_
#define HOOKCHECK_ENGINE_RUNTIME_THREADS_RUNTIME_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/runtime/runtime.h"

namespace hookcheck::runtime {

struct ThreadsOptions {
  // How long every task must wait with nothing moving before the run is a deadlock. Default:
  // 1000 ms. REQUIRES: > 0. Longer than any legitimate quiet period of the program.
  std::chrono::milliseconds deadlock_after{1000};
  // How often a waiting task wakes to look at the run. Default: 5 ms. REQUIRES: > 0.
  std::chrono::milliseconds poll{5};
};

class ThreadsRuntime final : public Runtime {
 public:
  explicit ThreadsRuntime(ThreadsOptions options = {});
  ~ThreadsRuntime() override;  // joins every task

  std::string_view Kind() const override { return "threads"; }
  RunReport Run(std::function<void()> main) override;
  void Begin() override;
  bool Call(const char* name, const std::function<void()>& body) override;
  RunReport End() override;
  RunReport Peek() const override;
  bool Ok() const override;
  TaskId Spawn(std::string name, std::function<void()> body) override;
  void Join(TaskId task, const char* site) override;
  TaskId CurrentTask() const override;
  std::vector<HeldLock> HeldByCurrentTask() const override;
  void Yield(const char* site) override {}
  void Fail(std::string message) override;
  void EnterHook(const char* hook) override;
  void ExitHook(const char* hook) override {}
  std::unique_ptr<internal::LockImpl> NewLock(const char* name, LockRole role) override;
  std::unique_ptr<internal::CondImpl> NewCond() override;

  // For internal/threads_sync.cc.
  struct Task;
  // The calling thread's task; a thread the runtime did not start is registered on first use
  // (adopted). Runtime::Current() stays unset on an adopted thread, so TEST_SYNC_POINT is off
  // there; call SyncPoint on the runtime instead.
  Task* Self() const;
  // Waits on `cv` (with `lk` held) until `ready()`. Returns false iff `timeout` passed first.
  // Throws TaskAborted once the run stops, and stops it as a deadlock when the watchdog says so.
  // `lk` may hold the registry mutex itself (Join) or an object's mutex, never taken under it.
  // `abortable` false (Join): a stopping run does not end the wait, so a spawner's locals
  // outlive the tasks using them; those tasks end since their own waits are abortable.
  bool BlockUntil(std::unique_lock<std::mutex>& lk, std::condition_variable& cv,
                  const std::function<bool()>& ready, const char* site, const char* what,
                  const char* object, std::optional<std::chrono::milliseconds> timeout,
                  bool abortable = true);
  // Something moved: a release, a notify, a finished task. Resets the watchdog.
  void Progress();
  void AddHeld(Task* t, const HeldLock& h);
  // Removes the hold; false iff `t` did not hold `lock` in `mode`.
  bool RemoveHeld(Task* t, const void* lock, LockMode mode);
  std::optional<HeldLock> FindHeld(Task* t, const void* lock) const;
  bool Stopping() const;
  // Stops the run with `outcome` (the first stop wins) and throws TaskAborted.
  [[noreturn]] void StopAndAbort(Outcome outcome, std::string message, Task* t);

 private:
  void StopLocked(Outcome outcome, std::string message, std::vector<TaskSnapshot> tasks);
  std::vector<TaskSnapshot> UnfinishedLocked() const;
  bool EveryTaskWaitsLocked() const;
  void FinishLocked(Task* t);

  const ThreadsOptions options_;

  // Protected by reg_mu_ (taken after any lock's or condvar's own mutex, never before).
  mutable std::mutex reg_mu_;
  std::condition_variable reg_cv_;  // a task finished
  mutable std::map<TaskId, std::unique_ptr<Task>> tasks_;
  mutable TaskId next_id_ = 0;
  std::chrono::steady_clock::time_point last_progress_;
  bool stopping_ = false;
  RunReport report_;
  Task* driver_ = nullptr;  // the OS thread that called Begin: a task during each Call
};

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_THREADS_RUNTIME_H_
