#include "engine/runtime/deterministic_runtime.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "base/mutex.h"
#include "engine/runtime/internal/deterministic_sync.h"
#include "engine/runtime/internal/fiber.h"
#include "engine/runtime/internal/lock_state.h"

namespace hookcheck::runtime {

struct DeterministicRuntime::Task {
  TaskId id = 0;
  std::string name;
  std::unique_ptr<internal::Fiber> fiber;
  bool done = false;
  // The point the task is stopped at: it may go on iff `ready` is empty or true.
  std::function<bool()> ready;
  const char* site = "";
  const char* what = "";
  const char* object = "";
  bool blocked = false;    // stopped at a blocking point (a wait)
  bool timed = false;      // that wait may time out
  bool timed_out = false;  // set by the scheduler when it ends the wait by timeout
  std::vector<HeldLock> held;
  // The wait description of a Join or a Spawn: its own copy of the other task's name, which may
  // be freed (the task finished) while this one still waits.
  std::string joined_name;
};

DeterministicRuntime::DeterministicRuntime(DeterministicOptions options)
    : options_(std::move(options)), rng_(options_.strategy.seed) {}

DeterministicRuntime::~DeterministicRuntime() = default;

DeterministicRuntime::Task* DeterministicRuntime::Self() const {
  if (current_ == nullptr) {
    std::fprintf(stderr, "deterministic runtime: called outside a task of Run\n");
    std::abort();
  }
  return current_;
}

TaskId DeterministicRuntime::Spawn(std::string name, std::function<void()> body) {
  auto t = std::make_unique<Task>();
  Task* task = t.get();
  task->id = next_id_++;
  task->name = std::move(name);
  priority_.push_back(static_cast<uint64_t>(options_.strategy.depth) + 1 + (rng_() >> 16));
  if (stopping_) return task->id;  // a stopping run starts nothing; a Join of it returns at once
  tasks_[task->id] = std::move(t);
  live_.push_back(task);
  task->fiber = std::make_unique<internal::Fiber>(
      [this, task, body = std::move(body)] {
        try {
          body();
        } catch (const TaskAborted&) {
          // The run stopped; its report says why.
        } catch (const std::exception& e) {
          Fail("task " + task->name + " threw: " + e.what());
        } catch (...) {
          Fail("task " + task->name + " threw a non-std exception");
        }
        task->done = true;
      },
      options_.stack_bytes);
  const TaskId id = task->id;
  if (current_ != nullptr) {
    // `task` may finish, and its record be freed, before the spawner resumes: the spawner's wait
    // description is its own copy of the name, and the id is read before the point.
    Task* self = Self();
    self->joined_name = task->name;
    Point("spawn", "spawn", self->joined_name.c_str(), nullptr, false);
  }
  return id;
}

RunReport DeterministicRuntime::Run(std::function<void()> main) {
  Begin();
  Call("main", main);
  return End();
}

void DeterministicRuntime::Begin() {
  tasks_.clear();
  finished_.clear();
  live_.clear();
  next_id_ = 0;
  priority_.clear();
  choices_.clear();
  decisions_.clear();
  replay_pos_ = 0;
  stopping_ = false;
  last_ = nullptr;
  report_ = RunReport{};
  rng_.seed(options_.strategy.seed);
  change_points_.clear();
  if (options_.strategy.kind == Strategy::Kind::kPct) {
    for (int i = 1; i < options_.strategy.depth; ++i) {
      change_points_.push_back(1 + rng_() % std::max<uint64_t>(options_.pct_steps, 1));
    }
  }
}

bool DeterministicRuntime::Call(const char* name, const std::function<void()>& body) {
  if (stopping_) return false;
  Runtime* prev = SetCurrent(this);
  budget_start_ = report_.steps;
  const TaskId id = Spawn(name, body);
  if (!stopping_) Schedule(tasks_.at(id).get());
  if (stopping_) Unwind();
  finished_.clear();
  SetCurrent(prev);
  return !stopping_;
}

RunReport DeterministicRuntime::End() {
  Runtime* prev = SetCurrent(this);
  budget_start_ = report_.steps;
  Schedule(nullptr);
  Unwind();
  report_.schedule = FormatReplay(choices_);
  SetCurrent(prev);
  tasks_.clear();
  finished_.clear();
  live_.clear();
  return std::move(report_);
}

RunReport DeterministicRuntime::Peek() const {
  RunReport r = report_;
  r.trace.clear();  // End's alone
  r.schedule = FormatReplay(choices_);
  return r;
}

void DeterministicRuntime::Schedule(const Task* until) {
  leaf_locks_outside_ = hookcheck::Mutex::HeldOnThisThread();
  std::vector<Task*> runnable;
  while (!stopping_ && !(until != nullptr && until->done)) {
    runnable.clear();
    for (Task* t : live_) {
      if (!t->ready || t->ready()) runnable.push_back(t);
    }
    if (runnable.empty()) {
      for (Task* t : live_) {
        if (t->timed) runnable.push_back(t);
      }
      for (Task* t : runnable) t->timed_out = true;  // undone below for all but the pick
    }
    if (runnable.empty()) {
      if (live_.empty()) break;  // every task finished
      Stop(Outcome::kDeadlock, "no task can run", Unfinished());
      break;
    }
    if (report_.steps - budget_start_ >= options_.max_steps) {
      Stop(Outcome::kBudgetExhausted,
           "stopped after " + std::to_string(options_.max_steps) + " schedule points",
           Unfinished());
      break;
    }
    const size_t pick = Choose(runnable);
    if (stopping_) break;  // a replay that diverged
    for (size_t i = 0; i < runnable.size(); ++i) {
      if (i != pick) runnable[i]->timed_out = false;
    }
    ResumeTask(runnable[pick]);
  }
}

void DeterministicRuntime::Unwind() {
  // Newest first: a task may use its spawner's locals (the spawner joins it before they go), so
  // it must be gone before its spawner's stack unwinds. Each ends at its next blocking point.
  while (!live_.empty()) ResumeTask(live_.back());
}

void DeterministicRuntime::ResumeTask(Task* t) {
  if (t != last_) ++report_.switches;
  last_ = t;
  current_ = t;
  t->fiber->Resume();
  current_ = nullptr;
  if (t->done) {
    t->fiber.reset();  // its stack goes back to the pool
    live_.erase(std::find(live_.begin(), live_.end(), t));
    // Kept until the Call ends (Schedule may be waiting for it); a Join finds it gone.
    auto it = tasks_.find(t->id);
    finished_.push_back(std::move(it->second));
    tasks_.erase(it);
  }
}

void DeterministicRuntime::PassChangePoints() {
  if (options_.strategy.kind != Strategy::Kind::kPct) return;
  for (size_t i = 0; i < change_points_.size(); ++i) {
    if (change_points_[i] != 0 && change_points_[i] <= report_.steps && last_ != nullptr) {
      priority_[last_->id] = i + 1;
      change_points_[i] = 0;
    }
  }
}

bool DeterministicRuntime::OnlyRunnable(const Task* t, const std::function<bool()>& ready) const {
  if (ready && !ready()) return false;
  for (const Task* other : live_) {
    if (other != t && (!other->ready || other->ready())) return false;
  }
  return true;
}

size_t DeterministicRuntime::Choose(const std::vector<Task*>& runnable) {
  const Strategy& s = options_.strategy;
  PassChangePoints();
  if (runnable.size() == 1) return 0;
  int current = -1;
  for (size_t i = 0; i < runnable.size(); ++i) {
    if (runnable[i] == last_) current = static_cast<int>(i);
  }
  const size_t n = runnable.size();
  const size_t fallback = current >= 0 ? static_cast<size_t>(current) : 0;
  size_t pick = fallback;
  if (n > kMaxChoice + 1) {
    Stop(Outcome::kBudgetExhausted,
         std::to_string(n) + " tasks can run: a replay string names at most " +
             std::to_string(kMaxChoice + 1),
         Unfinished());
    return 0;
  }
  if (replay_pos_ < s.choices.size()) {
    pick = s.choices[replay_pos_++];
    if (pick >= n) {
      Stop(Outcome::kBadSchedule,
           "replay diverged: choice " + std::to_string(replay_pos_) + " is " +
               std::to_string(pick) + " but only " + std::to_string(n) + " tasks can run",
           Unfinished());
      return 0;
    }
  } else if (s.kind == Strategy::Kind::kRandom) {
    pick = rng_() % n;
  } else if (s.kind == Strategy::Kind::kPct) {
    pick = 0;  // the highest priority; ties (rare: 48 random bits) to the lowest id
    for (size_t i = 1; i < n; ++i) {
      if (priority_[runnable[i]->id] > priority_[runnable[pick]->id]) pick = i;
    }
  }
  choices_.push_back(static_cast<uint8_t>(pick));
  decisions_.push_back(
      {static_cast<uint8_t>(n), static_cast<uint8_t>(pick), static_cast<int8_t>(current)});
  return pick;
}

bool DeterministicRuntime::Point(const char* site, const char* what, const char* object,
                                 std::function<bool()> ready, bool blocking, bool timed) {
  Task* t = Self();
  if (hookcheck::Mutex::HeldOnThisThread() != leaf_locks_outside_) {
    // Not a report: the next task on this OS thread would block on it or unlock it, for real.
    std::fprintf(stderr,
                 "hookcheck: task %u \"%s\" reached a schedule point holding a base::Mutex (a "
                 "leaf mutex must never be held across a runtime call)\n",
                 t->id, t->name.c_str());
    std::abort();
  }
  if (stopping_) {  // unwinding: not a step of the schedule
    if (blocking) throw TaskAborted{};
    return true;
  }
  // A release or hook exit in a destructor during an exception's unwinding does not switch:
  // the C++ runtime keeps the exceptions in flight per OS thread, not per fiber.
  if (!blocking && std::uncaught_exceptions() > 0) return true;
  ++report_.steps;
  if (options_.trace) report_.trace.push_back({t->id, site});
  // The fast path: the same outcome as suspending (Schedule would pick `t` again, as no decision),
  // without the two context switches. Not at the budget: Schedule stops the run there.
  if (t == last_ && report_.steps - budget_start_ < options_.max_steps && OnlyRunnable(t, ready)) {
    PassChangePoints();
    return true;
  }
  t->ready = std::move(ready);
  t->site = site;
  t->what = what;
  t->object = object;
  t->blocked = blocking;
  t->timed = timed;
  t->timed_out = false;
  t->fiber->Suspend();
  const bool timed_out = t->timed_out;
  t->ready = nullptr;
  t->blocked = false;
  t->timed = false;
  t->timed_out = false;
  if (stopping_ && blocking) throw TaskAborted{};
  return !timed_out;
}

void DeterministicRuntime::Join(TaskId task, const char* site) {
  auto it = tasks_.find(task);
  if (it == tasks_.end()) return;  // finished (or never started)
  // The wait's description outlives the target: it is the joiner's copy of the name.
  Task* self = Self();
  self->joined_name = it->second->name;
  const auto finished = [this, task] { return tasks_.find(task) == tasks_.end(); };
  try {
    Point(site, "join", self->joined_name.c_str(), finished, true);
  } catch (const TaskAborted&) {
    // A stopping run unwinds newer tasks first, so a join usually sees its task gone: then it
    // returns as a join does, and the spawner's locals outlive every task using them.
    if (!finished()) throw;
  }
}

TaskId DeterministicRuntime::CurrentTask() const { return Self()->id; }

std::vector<HeldLock> DeterministicRuntime::HeldByCurrentTask() const { return Self()->held; }

void DeterministicRuntime::Yield(const char* site) { Point(site, "yield", "", nullptr, true); }

void DeterministicRuntime::Fail(std::string message) {
  report_.RecordFirst(Outcome::kFailed, std::move(message));
}

void DeterministicRuntime::EnterHook(const char* hook) {
  if (std::optional<std::string> m = HookEntryStops(hook, Self()->held)) {
    StopAndAbort(Outcome::kHookUnderManifestLock, std::move(*m));
  }
  Point(hook, "hook entry", "", nullptr, true);
}

void DeterministicRuntime::ExitHook(const char* hook) {
  Point(hook, "hook exit", "", nullptr, false);
}

void DeterministicRuntime::Stop(Outcome outcome, std::string message,
                                std::vector<TaskSnapshot> tasks) {
  if (!stopping_) report_.RecordFirst(outcome, std::move(message), std::move(tasks));
  stopping_ = true;
}

void DeterministicRuntime::StopAndAbort(Outcome outcome, std::string message) {
  Task* t = Self();
  Stop(outcome, std::move(message), {TaskSnapshot{t->id, t->name, "", t->held}});
  throw TaskAborted{};
}

std::vector<TaskSnapshot> DeterministicRuntime::Unfinished() const {
  std::vector<TaskSnapshot> out;
  for (const Task* t : live_) {
    out.push_back(
        {t->id, t->name, t->blocked ? DescribeWait(t->site, t->what, t->object) : "", t->held});
  }
  return out;
}

void DeterministicRuntime::AddHeld(const HeldLock& h) { Self()->held.push_back(h); }

bool DeterministicRuntime::RemoveHeld(const void* lock, LockMode mode) {
  return internal::RemoveHold(&Self()->held, lock, mode);
}

const HeldLock* DeterministicRuntime::FindHeld(const void* lock) const {
  return internal::FindHold(Self()->held, lock);
}

std::unique_ptr<internal::LockImpl> DeterministicRuntime::NewLock(const char* name, LockRole role) {
  return std::make_unique<internal::DeterministicLock>(this, name, role);
}

std::unique_ptr<internal::CondImpl> DeterministicRuntime::NewCond() {
  return std::make_unique<internal::DeterministicCond>(this);
}

}  // namespace hookcheck::runtime
