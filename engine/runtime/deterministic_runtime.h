// File: engine/runtime/deterministic_runtime.h
// Defines `DeterministicRuntime`: every task a cooperative fiber (internal/fiber.h) on the one
// OS thread that calls Run, switched only at schedule points (lock acquire and release, wait and
// notify, spawn, join, finish, hook entry and exit, sync points, Yield). At each point the
// scheduler runs a task that can go on; where more than one can (a decision) the strategy picks
// it, and the pick is recorded, so RunReport::schedule ("replay:...") replays the run exactly.
// No runnable task while some wait is a deadlock report; `max_steps` points without the end is
// kBudgetExhausted. A stopped run unwinds every task (TaskAborted) so all locks are released.
// Everything but Run, Begin, Call, End, Peek, NewLock, NewCond and LoadDependencies REQUIRES:
// called by a task inside a run (it aborts otherwise). A finished task's fiber, which owns its
// stack and its body, is destroyed as the task finishes, not when its Call ends, so a long
// session of Calls holds only its unfinished tasks' fibers. Sync points passed are remembered
// until LoadDependencies is called again, so a second Run on the same runtime starts from a
// fresh runtime or fresh dependencies.
// Thread-safety: externally synchronized: one OS thread, and every task runs on it.
#ifndef HOOKCHECK_ENGINE_RUNTIME_DETERMINISTIC_RUNTIME_H_
#define HOOKCHECK_ENGINE_RUNTIME_DETERMINISTIC_RUNTIME_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <unordered_map>
#include <vector>

#include "engine/runtime/runtime.h"
#include "engine/runtime/strategy.h"

namespace hookcheck::runtime {

namespace internal {
class Fiber;
}

struct DeterministicOptions {
  // How decisions are made. kDfs is driven by Explore (explore.h); here it acts as replay of
  // `strategy.choices` followed by the default. Default: random:0.
  Strategy strategy = Strategy::Random(0);
  // Schedule points in one run before it stops as kBudgetExhausted. Default: 1,000,000.
  uint64_t max_steps = 1'000'000;
  // PCT's k, the expected number of steps of a run, for placing change points. Default: 1000.
  uint64_t pct_steps = 1000;
  // Record every schedule point in RunReport::trace. Default: off.
  bool trace = false;
  // Each task's stack. Default: 256 KiB (guard page below it).
  size_t stack_bytes = 256 * 1024;
};

// One decision: how many tasks could run, which one (index among them by task id) was taken,
// and the index of the task that ran before (-1 if it could not go on: no choice preempts it).
struct Decision {
  uint8_t options = 0;
  uint8_t chosen = 0;
  int8_t current = -1;
};

class DeterministicRuntime final : public Runtime {
 public:
  explicit DeterministicRuntime(DeterministicOptions options = {});
  ~DeterministicRuntime() override;

  std::string_view Kind() const override { return "deterministic"; }
  RunReport Run(std::function<void()> main) override;
  void Begin() override;
  bool Call(const char* name, const std::function<void()>& body) override;
  RunReport End() override;
  RunReport Peek() const override;
  bool Ok() const override { return report_.ok(); }
  TaskId Spawn(std::string name, std::function<void()> body) override;
  void Join(TaskId task, const char* site) override;
  TaskId CurrentTask() const override;
  std::vector<HeldLock> HeldByCurrentTask() const override;
  void Yield(const char* site) override;
  void Fail(std::string message) override;
  void EnterHook(const char* hook) override;
  void ExitHook(const char* hook) override;
  std::unique_ptr<internal::LockImpl> NewLock(const char* name, LockRole role) override;
  std::unique_ptr<internal::CondImpl> NewCond() override;

  // The decisions of the last run (Explore's dfs backtracks over them).
  const std::vector<Decision>& decisions() const { return decisions_; }

  // For internal/deterministic_sync.cc.
  struct Task;
  Task* Self() const;  // the running task; aborts outside a run
  // A schedule point of the running task: it stops here and goes on once `ready()` (nullptr:
  // at once) and the scheduler picks it. `blocking`: a wait, which throws TaskAborted when the
  // run stops; non-blocking points (release, notify, hook exit) never throw. `timed`: the wait
  // may time out when no task can run; returns false iff it did.
  bool Point(const char* site, const char* what, const char* object, std::function<bool()> ready,
             bool blocking, bool timed = false);
  void AddHeld(const HeldLock& h);
  // False iff the running task does not hold `lock` in `mode`.
  bool RemoveHeld(const void* lock, LockMode mode);
  const HeldLock* FindHeld(const void* lock) const;
  bool stopping() const { return stopping_; }
  // Stops the run with `outcome` (the first stop wins) and throws TaskAborted.
  [[noreturn]] void StopAndAbort(Outcome outcome, std::string message);

 private:
  void Stop(Outcome outcome, std::string message, std::vector<TaskSnapshot> tasks);
  std::vector<TaskSnapshot> Unfinished() const;
  // Picks among `runnable` (ascending ids); records a decision when there are two or more.
  size_t Choose(const std::vector<Task*>& runnable);
  // PCT: a change point passed, so the task that ran last drops below every initial priority.
  void PassChangePoints();
  // Whether `t`, about to wait for `ready` (null: nothing), is the only task that can run: the
  // scheduler would then resume it at once, with no decision and no switch.
  bool OnlyRunnable(const Task* t, const std::function<bool()>& ready) const;
  // base::Mutex holds of the OS thread outside every task (set as Schedule starts); a task at a
  // schedule point holding more aborts.
  int leaf_locks_outside_ = 0;
  void ResumeTask(Task* t);
  // Runs tasks until `until` has finished (nullptr: every task), or the run stops.
  void Schedule(const Task* until);
  // Ends every unfinished task of a stopping run: each resumes, sees the run stopping and throws
  // TaskAborted from its point, releasing what it holds.
  void Unwind();

  const DeterministicOptions options_;

  // The unfinished tasks by id; a finished one moves to finished_ until its Call ends.
  std::unordered_map<TaskId, std::unique_ptr<Task>> tasks_;
  std::vector<std::unique_ptr<Task>> finished_;
  std::vector<Task*> live_;  // the unfinished tasks, ascending ids
  TaskId next_id_ = 0;
  uint64_t budget_start_ = 0;  // report_.steps when the Call or End began
  Task* current_ = nullptr;    // the running task; nullptr in the scheduler
  Task* last_ = nullptr;       // the task that ran last
  bool stopping_ = false;
  RunReport report_;
  std::vector<uint8_t> choices_;
  std::vector<Decision> decisions_;
  size_t replay_pos_ = 0;
  std::mt19937_64 rng_;
  // PCT: a priority per task (higher runs first) and the steps at which the running task drops.
  std::vector<uint64_t> priority_;
  std::vector<uint64_t> change_points_;
};

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_DETERMINISTIC_RUNTIME_H_
