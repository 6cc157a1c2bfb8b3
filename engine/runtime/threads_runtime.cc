#include "engine/runtime/threads_runtime.h"

#include <algorithm>
#include <exception>

#include "engine/runtime/internal/lock_state.h"
#include "engine/runtime/internal/threads_sync.h"

namespace hookcheck::runtime {

struct ThreadsRuntime::Task {
  TaskId id = 0;
  std::string name;
  std::thread thread;     // empty for the Run caller and for adopted threads
  bool external = false;  // adopted: Run does not wait for it
  bool done = false;
  // The wait in progress: site == nullptr when the task is not waiting.
  const char* wait_site = nullptr;
  const char* wait_what = "";
  const char* wait_object = "";
  bool timed_wait = false;  // a timed wait ends by itself, so it never makes a deadlock
  std::vector<HeldLock> held;
};

namespace {

// Which task of which runtime this OS thread is.
struct ThreadSlot {
  const ThreadsRuntime* rt = nullptr;
  ThreadsRuntime::Task* task = nullptr;
};
thread_local ThreadSlot slot;

TaskSnapshot Snapshot(const ThreadsRuntime::Task& t) {
  TaskSnapshot s{t.id, t.name, "", t.held};
  if (t.wait_site != nullptr) s.wait_site = DescribeWait(t.wait_site, t.wait_what, t.wait_object);
  return s;
}

}  // namespace

ThreadsRuntime::ThreadsRuntime(ThreadsOptions options)
    : options_(options), last_progress_(std::chrono::steady_clock::now()) {}

ThreadsRuntime::~ThreadsRuntime() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lk(reg_mu_);
    for (auto& [id, t] : tasks_) {
      if (t->thread.joinable()) threads.push_back(std::move(t->thread));
    }
  }
  for (std::thread& th : threads) th.join();
}

ThreadsRuntime::Task* ThreadsRuntime::Self() const {
  if (slot.rt == this) return slot.task;
  std::lock_guard<std::mutex> lk(reg_mu_);
  auto t = std::make_unique<Task>();
  t->id = next_id_++;
  t->name = "thread";
  t->external = true;
  slot = {this, t.get()};
  tasks_[t->id] = std::move(t);
  return slot.task;
}

RunReport ThreadsRuntime::Run(std::function<void()> main) {
  Begin();
  Call("main", main);
  return End();
}

void ThreadsRuntime::Begin() {
  std::lock_guard<std::mutex> lk(reg_mu_);
  auto t = std::make_unique<Task>();
  t->id = next_id_++;
  t->name = "driver";
  driver_ = t.get();
  tasks_[t->id] = std::move(t);
  report_ = RunReport{};
  stopping_ = false;
  last_progress_ = std::chrono::steady_clock::now();
}

bool ThreadsRuntime::Call(const char* name, const std::function<void()>& body) {
  {
    std::lock_guard<std::mutex> lk(reg_mu_);
    if (stopping_) return false;
    driver_->name = name;
  }
  Runtime* prev_rt = SetCurrent(this);
  const ThreadSlot prev_slot = slot;
  slot = {this, driver_};
  try {
    body();
  } catch (const TaskAborted&) {
    // The run stopped; its report says why.
  } catch (const std::exception& e) {
    Fail(std::string("task ") + name + " threw: " + e.what());
  }
  slot = prev_slot;
  SetCurrent(prev_rt);
  return !Stopping();
}

RunReport ThreadsRuntime::End() {
  std::vector<std::thread> threads;
  {
    std::unique_lock<std::mutex> lk(reg_mu_);
    FinishLocked(driver_);
    // Every spawned task ends: each wait it can be in is bounded by the watchdog.
    reg_cv_.wait(lk, [&] {
      return std::all_of(tasks_.begin(), tasks_.end(),
                         [](const auto& e) { return e.second->done || e.second->external; });
    });
    for (auto& [id, t] : tasks_) {
      if (t->thread.joinable()) threads.push_back(std::move(t->thread));
    }
  }
  for (std::thread& th : threads) th.join();
  std::lock_guard<std::mutex> lk(reg_mu_);
  report_.schedule = "threads";
  return report_;
}

bool ThreadsRuntime::Ok() const {
  std::lock_guard<std::mutex> lk(reg_mu_);
  return report_.ok();
}

RunReport ThreadsRuntime::Peek() const {
  std::lock_guard<std::mutex> lk(reg_mu_);
  RunReport r = report_;
  r.schedule = "threads";
  return r;
}

TaskId ThreadsRuntime::Spawn(std::string name, std::function<void()> body) {
  std::lock_guard<std::mutex> lk(reg_mu_);
  auto t = std::make_unique<Task>();
  Task* task = t.get();
  task->id = next_id_++;
  task->name = std::move(name);
  tasks_[task->id] = std::move(t);
  task->thread = std::thread([this, task, body = std::move(body)] {
    SetCurrent(this);
    slot = {this, task};
    try {
      body();
    } catch (const TaskAborted&) {
      // The run stopped; its report says why.
    } catch (const std::exception& e) {
      Fail("task " + task->name + " threw: " + e.what());
    }
    std::lock_guard<std::mutex> done_lk(reg_mu_);
    FinishLocked(task);
  });
  return task->id;
}

void ThreadsRuntime::FinishLocked(Task* t) {
  t->done = true;
  last_progress_ = std::chrono::steady_clock::now();
  reg_cv_.notify_all();
}

void ThreadsRuntime::Join(TaskId task, const char* site) {
  Self();  // registers an adopted thread now: BlockUntil's Self() runs under reg_mu_
  std::unique_lock<std::mutex> lk(reg_mu_);
  auto it = tasks_.find(task);
  if (it == tasks_.end()) return;
  Task* target = it->second.get();
  BlockUntil(
      lk, reg_cv_, [target] { return target->done; }, site, "join", "task", {},
      /*abortable=*/false);
  // A joined task is gone: its thread is joined here, so a long run keeps no finished threads.
  // (A second joiner finds no entry and returns, as for any finished task.)
  std::thread finished = std::move(target->thread);
  tasks_.erase(task);
  lk.unlock();
  if (finished.joinable()) finished.join();
}

TaskId ThreadsRuntime::CurrentTask() const { return Self()->id; }

std::vector<HeldLock> ThreadsRuntime::HeldByCurrentTask() const {
  Task* t = Self();
  std::lock_guard<std::mutex> lk(reg_mu_);
  return t->held;
}

void ThreadsRuntime::Fail(std::string message) {
  std::lock_guard<std::mutex> lk(reg_mu_);
  report_.RecordFirst(Outcome::kFailed, std::move(message));
}

void ThreadsRuntime::EnterHook(const char* hook) {
  Task* t = Self();
  if (std::optional<std::string> m = HookEntryStops(hook, HeldByCurrentTask())) {
    StopAndAbort(Outcome::kHookUnderManifestLock, std::move(*m), t);
  }
}

void ThreadsRuntime::StopAndAbort(Outcome outcome, std::string message, Task* t) {
  {
    std::lock_guard<std::mutex> lk(reg_mu_);
    StopLocked(outcome, std::move(message), {Snapshot(*t)});
  }
  throw TaskAborted{};
}

void ThreadsRuntime::StopLocked(Outcome outcome, std::string message,
                                std::vector<TaskSnapshot> tasks) {
  if (!stopping_) report_.RecordFirst(outcome, std::move(message), std::move(tasks));
  stopping_ = true;
}

std::vector<TaskSnapshot> ThreadsRuntime::UnfinishedLocked() const {
  std::vector<TaskSnapshot> out;
  for (const auto& [id, t] : tasks_) {
    if (!t->done && !t->external) out.push_back(Snapshot(*t));
  }
  return out;
}

bool ThreadsRuntime::EveryTaskWaitsLocked() const {
  bool any = false;
  for (const auto& [id, t] : tasks_) {
    if (t->done) continue;
    if (t->wait_site == nullptr || t->timed_wait) return false;
    any = true;
  }
  return any;
}

bool ThreadsRuntime::BlockUntil(std::unique_lock<std::mutex>& lk, std::condition_variable& cv,
                                const std::function<bool()>& ready, const char* site,
                                const char* what, const char* object,
                                std::optional<std::chrono::milliseconds> timeout, bool abortable) {
  Task* self = Self();
  const bool lk_is_registry = lk.mutex() == &reg_mu_;
  // Runs `fn` with the registry mutex held: `lk` is it, or it is taken under `lk`.
  auto with_registry = [&](auto fn) {
    if (lk_is_registry) return fn();
    std::lock_guard<std::mutex> reg(reg_mu_);
    return fn();
  };
  const auto deadline = std::chrono::steady_clock::now() + timeout.value_or(options_.poll);
  with_registry([&] {
    self->wait_site = site;
    self->wait_what = what;
    self->wait_object = object;
    self->timed_wait = timeout.has_value();
  });
  struct Clear {
    std::function<void()> fn;
    ~Clear() { fn(); }
  } clear{[&] { with_registry([&] { self->wait_site = nullptr; }); }};
  while (true) {
    if (ready()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (timeout && now >= deadline) return false;
    const bool stop = with_registry([&] {
      if (!stopping_ && EveryTaskWaitsLocked() && now - last_progress_ >= options_.deadlock_after) {
        StopLocked(Outcome::kDeadlock,
                   "every task waited with nothing moving for " +
                       std::to_string(options_.deadlock_after.count()) + " ms",
                   UnfinishedLocked());
      }
      return stopping_;
    });
    if (stop && abortable) throw TaskAborted{};
    cv.wait_for(lk, options_.poll);
  }
}

void ThreadsRuntime::Progress() {
  std::lock_guard<std::mutex> lk(reg_mu_);
  last_progress_ = std::chrono::steady_clock::now();
}

void ThreadsRuntime::AddHeld(Task* t, const HeldLock& h) {
  std::lock_guard<std::mutex> lk(reg_mu_);
  t->held.push_back(h);
}

bool ThreadsRuntime::RemoveHeld(Task* t, const void* lock, LockMode mode) {
  std::lock_guard<std::mutex> lk(reg_mu_);
  return internal::RemoveHold(&t->held, lock, mode);
}

std::optional<HeldLock> ThreadsRuntime::FindHeld(Task* t, const void* lock) const {
  std::lock_guard<std::mutex> lk(reg_mu_);
  const HeldLock* h = internal::FindHold(t->held, lock);
  return h != nullptr ? std::optional<HeldLock>(*h) : std::nullopt;
}

bool ThreadsRuntime::Stopping() const {
  std::lock_guard<std::mutex> lk(reg_mu_);
  return stopping_;
}

std::unique_ptr<internal::LockImpl> ThreadsRuntime::NewLock(const char* name, LockRole role) {
  return std::make_unique<internal::ThreadLock>(this, name, role);
}

std::unique_ptr<internal::CondImpl> ThreadsRuntime::NewCond() {
  return std::make_unique<internal::ThreadCond>(this);
}

}  // namespace hookcheck::runtime
