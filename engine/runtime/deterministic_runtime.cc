#include "engine/runtime/deterministic_runtime.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>

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
  task->id = static_cast<TaskId>(tasks_.size());
  task->name = std::move(name);
  tasks_.push_back(std::move(t));
  priority_.push_back(static_cast<uint64_t>(options_.strategy.depth) + 1 + (rng_() >> 16));
  if (stopping_) {
    task->done = true;  // a stopping run starts nothing
    return task->id;
  }
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
  if (current_ != nullptr) Point("spawn", "spawn", task->name.c_str(), nullptr, false);
  return task->id;
}

RunReport DeterministicRuntime::Run(std::function<void()> main) {
  Runtime* prev = SetCurrent(this);
  tasks_.clear();
  priority_.clear();
  choices_.clear();
  decisions_.clear();
  replay_pos_ = 0;
  stopping_ = false;
  report_ = RunReport{};
  rng_.seed(options_.strategy.seed);
  change_points_.clear();
  if (options_.strategy.kind == Strategy::Kind::kPct) {
    for (int i = 1; i < options_.strategy.depth; ++i) {
      change_points_.push_back(1 + rng_() % std::max<uint64_t>(options_.pct_steps, 1));
    }
  }
  Spawn("main", std::move(main));
  std::vector<Task*> runnable;
  while (!stopping_) {
    runnable.clear();
    for (const auto& t : tasks_) {
      if (!t->done && (!t->ready || t->ready())) runnable.push_back(t.get());
    }
    if (runnable.empty()) {
      for (const auto& t : tasks_) {
        if (!t->done && t->timed) runnable.push_back(t.get());
      }
      for (Task* t : runnable) t->timed_out = true;  // undone below for all but the pick
    }
    if (runnable.empty()) {
      std::vector<TaskSnapshot> waiting = Unfinished();
      if (waiting.empty()) break;  // every task finished
      Stop(Outcome::kDeadlock, "no task can run", std::move(waiting));
      break;
    }
    if (report_.steps >= options_.max_steps) {
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
  // Unwind: each unfinished task resumes once more, sees the run stopping and throws
  // TaskAborted from its point, releasing what it holds; it ends at its next blocking point.
  // Newest first: a task may use its spawner's locals (the spawner joins it before they go), so
  // it must be gone before its spawner's stack unwinds.
  for (bool any = true; any;) {
    any = false;
    for (size_t i = tasks_.size(); i-- > 0;) {
      Task* t = tasks_[i].get();
      if (t->done) continue;
      any = true;
      ResumeTask(t);
    }
  }
  report_.schedule = FormatReplay(choices_);
  SetCurrent(prev);
  tasks_.clear();
  return std::move(report_);
}

void DeterministicRuntime::ResumeTask(Task* t) {
  if (t != last_) ++report_.switches;
  last_ = t;
  current_ = t;
  t->fiber->Resume();
  current_ = nullptr;
}

size_t DeterministicRuntime::Choose(const std::vector<Task*>& runnable) {
  const Strategy& s = options_.strategy;
  if (s.kind == Strategy::Kind::kPct) {
    // A change point passed: the task that ran last drops below every initial priority.
    for (size_t i = 0; i < change_points_.size(); ++i) {
      if (change_points_[i] != 0 && change_points_[i] <= report_.steps && last_ != nullptr) {
        priority_[last_->id] = i + 1;
        change_points_[i] = 0;
      }
    }
  }
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
  if (stopping_) {  // unwinding: not a step of the schedule
    if (blocking) throw TaskAborted{};
    return true;
  }
  // A release or hook exit in a destructor during an exception's unwinding does not switch:
  // the C++ runtime keeps the exceptions in flight per OS thread, not per fiber.
  if (!blocking && std::uncaught_exceptions() > 0) return true;
  ++report_.steps;
  if (options_.trace) report_.trace.push_back({t->id, site});
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
  if (task >= tasks_.size()) return;
  Task* target = tasks_[task].get();
  try {
    Point(
        site, "join", target->name.c_str(), [target] { return target->done; }, true);
  } catch (const TaskAborted&) {
    // A stopping run unwinds newer tasks first, so a join usually sees its task gone: then it
    // returns as a join does, and the spawner's locals outlive every task using them.
    if (!target->done) throw;
  }
}

TaskId DeterministicRuntime::CurrentTask() const { return Self()->id; }

std::vector<HeldLock> DeterministicRuntime::HeldByCurrentTask() const { return Self()->held; }

void DeterministicRuntime::Yield(const char* site) { Point(site, "yield", "", nullptr, true); }

void DeterministicRuntime::Fail(std::string message) {
  report_.RecordFirst(Outcome::kFailed, std::move(message));
}

void DeterministicRuntime::EnterHook(const char* hook) {
  if (std::optional<std::string> m = HookUnderManifestLock(hook, Self()->held)) {
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
  for (const auto& t : tasks_) {
    if (t->done) continue;
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
