// File: engine/runtime/runtime.h
// Defines `Runtime`, everything the engine does concurrently behind one interface: spawn and
// join a task, the current task and the locks it holds, schedule points (Yield, named sync
// points with "A before B" dependencies, hook call entry and exit), failure reporting, and the
// factories behind the lock types of engine/runtime/sync.h. `TaskAborted` is what a schedule
// point throws once a run is stopping; `TEST_SYNC_POINT(name)` is a named sync point on the
// calling task's runtime. Implementations: ThreadsRuntime (threads_runtime.h) and
// DeterministicRuntime (deterministic_runtime.h).
// Thread-safety: thread-safe on ThreadsRuntime; DeterministicRuntime runs every task on the one
// OS thread that called Run.
#ifndef HOOKCHECK_ENGINE_RUNTIME_RUNTIME_H_
#define HOOKCHECK_ENGINE_RUNTIME_RUNTIME_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/runtime/report.h"

namespace hookcheck::runtime {

class SyncPoints;

// Thrown by a blocking schedule point once the run is stopping (a deadlock, a hook under the
// manifest lock, an exhausted budget), so every task unwinds and releases what it holds. Code on
// a runtime must let it pass: never catch it without rethrowing.
struct TaskAborted {};

namespace internal {

// A reader-writer lock of one runtime. Mutex is the same lock used in write mode only.
class LockImpl {
 public:
  virtual ~LockImpl() = default;
  // Blocks until the calling task holds the lock in `mode`. A task acquiring a lock it already
  // holds is a deadlock (the locks are not re-entrant).
  virtual void Acquire(LockMode mode, const char* site) = 0;
  // REQUIRES: the calling task holds the lock in `mode`, or the run is stopping (then a release of
  // a lock not held, left by an aborted wait, is ignored).
  virtual void Release(LockMode mode) = 0;
  virtual bool HeldByCurrentTask(LockMode mode) const = 0;
};

class CondImpl {
 public:
  virtual ~CondImpl() = default;
  // REQUIRES: the calling task holds `lock` in write mode. Releases it, waits for a notification
  // (or `timeout`), holds it again. Returns false iff the wait timed out.
  virtual bool Wait(LockImpl* lock, std::optional<std::chrono::milliseconds> timeout,
                    const char* site) = 0;
  virtual void Notify(bool all) = 0;
};

}  // namespace internal

class Runtime {
 public:
  Runtime();
  virtual ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // "threads" or "deterministic".
  virtual std::string_view Kind() const = 0;

  // Runs `main` as a task, then every task it spawns, until all have finished or the run stops.
  // REQUIRES: not called from inside a run.
  virtual RunReport Run(std::function<void()> main) = 0;

  // A run driven from outside, one call at a time (the engine's driving thread calls it for each
  // request): Begin starts the run on the calling OS thread; Call runs `body` as a task of the run
  // and returns once `body` has finished, leaving the tasks it started (blocked or runnable) to
  // go on in the next call; End runs every task to its finish and returns the report. Call
  // returns false once the run has stopped (a deadlock, a hook under the manifest lock, an
  // exhausted budget): `body` then did not finish, and later calls do not run it. The step budget
  // counts from the start of each Call and of End. Run(main) is Begin, Call(main), End.
  // REQUIRES: Call and End between a Begin and its End, from the OS thread that called Begin and
  // outside every task.
  virtual void Begin() = 0;
  virtual bool Call(const char* name, const std::function<void()>& body) = 0;
  virtual RunReport End() = 0;
  // The report of the current run so far: kOk until it stops; its schedule so far.
  // REQUIRES: between Begin and End, outside every task.
  virtual RunReport Peek() const = 0;
  // Peek().ok(), without building the report (its schedule grows with the run): cheap enough to
  // ask after every request. REQUIRES: as Peek.
  virtual bool Ok() const = 0;

  // Starts `body` as a new task (a schedule point). `name` is for reports.
  virtual TaskId Spawn(std::string name, std::function<void()> body) = 0;
  // Blocks until `task` has finished.
  virtual void Join(TaskId task, const char* site) = 0;

  // The calling task.
  virtual TaskId CurrentTask() const = 0;
  // The locks the calling task holds, in acquisition order.
  virtual std::vector<HeldLock> HeldByCurrentTask() const = 0;

  // A schedule point and nothing else: the deterministic runtime may switch tasks here.
  virtual void Yield(const char* site) = 0;
  // Records a failure of the program under test; the first one is the run's outcome. The run
  // goes on (a test's checks after the failing one still run).
  virtual void Fail(std::string message) = 0;

  // Hook call entry and exit (use HookCallScope). Entry while the calling task holds a
  // kManifest lock in write mode stops the run with kHookUnderManifestLock and throws
  // TaskAborted: the hook body never runs, so it can neither block nor take the lock. Unless
  // switched off by SetHookUnderManifestLockStops(false).
  virtual void EnterHook(const char* hook) = 0;
  virtual void ExitHook(const char* hook) = 0;
  // false: a hook entered under the manifest write lock runs like any other, so whoever records
  // it sees it (an engine serving an external checker, which reads the lock from the event
  // stream). Default: true. REQUIRES: outside a run.
  void SetHookUnderManifestLockStops(bool stops) { hook_under_lock_stops_ = stops; }

  // A named sync point: a schedule point, then waits for every point named before it by
  // LoadDependencies to have been passed.
  void SyncPoint(const char* name);
  // `deps`: pairs {A, B}: a task reaching B waits until some task has passed A (RocksDB's
  // LoadDependency). REQUIRES: called outside a run.
  void LoadDependencies(const std::vector<std::pair<std::string, std::string>>& deps);

  // The runtime of the calling task; nullptr outside every run and task.
  static Runtime* Current();

  // The factories behind Mutex, RwLock and CondVar (engine/runtime/sync.h).
  virtual std::unique_ptr<internal::LockImpl> NewLock(const char* name, LockRole role) = 0;
  virtual std::unique_ptr<internal::CondImpl> NewCond() = 0;

 protected:
  // Sets Current() for the calling OS thread; returns the previous value.
  static Runtime* SetCurrent(Runtime* rt);
  // The report of entering `hook` with `held`, when that stops the run (HookUnderManifestLock
  // below, unless switched off).
  std::optional<std::string> HookEntryStops(const char* hook,
                                            const std::vector<HeldLock>& held) const;

 private:
  std::unique_ptr<SyncPoints> sync_points_;  // set by LoadDependencies, read by tasks
  bool hook_under_lock_stops_ = true;        // constant during a run
};

// The report of entering `hook` while holding `lock` (a manifest lock in write mode), or
// nullopt when `held` has no such lock. Both runtimes use it at hook entry.
std::optional<std::string> HookUnderManifestLock(const char* hook,
                                                 const std::vector<HeldLock>& held);

}  // namespace hookcheck::runtime

// A named sync point `Class::Method:Label` on the calling task's runtime; nothing outside a run.
#define TEST_SYNC_POINT(name)                                                          \
  do {                                                                                 \
    if (::hookcheck::runtime::Runtime* rt_ = ::hookcheck::runtime::Runtime::Current()) \
      rt_->SyncPoint(name);                                                            \
  } while (0)

#endif  // HOOKCHECK_ENGINE_RUNTIME_RUNTIME_H_
