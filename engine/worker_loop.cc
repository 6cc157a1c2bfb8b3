#include "engine/worker_loop.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace hookcheck::engine {
namespace {

// Set on a loop's own thread for its whole life; every other thread keeps null.
thread_local const WorkerLoop* current_loop = nullptr;

}  // namespace

void WorkerLoop::AssertOnLoopThread() const {
  if (!OnLoopThread()) {
    // Not assert(): the check must hold in the optimized builds the suites run in.
    std::fprintf(stderr, "hookcheck: worker-loop-owned state touched off its loop thread\n");
    std::abort();
  }
}

bool WorkerLoop::OnAnyLoopThread() { return current_loop != nullptr; }

WorkerLoop::WorkerLoop(int /*index*/) {
  thread_ = std::thread([this] { Run(); });
  thread_id_ = thread_.get_id();
}

WorkerLoop::~WorkerLoop() {
  Stop();
  thread_.join();
}

bool WorkerLoop::Post(std::function<void()> msg) {
  MutexLock l(&mu_);
  if (stopping_) return false;
  queue_.push_back(std::move(msg));
  cv_.Signal();
  return true;
}

void WorkerLoop::Stop() {
  MutexLock l(&mu_);
  stopping_ = true;
  cv_.SignalAll();
}

void WorkerLoop::Run() {
  current_loop = this;
  for (;;) {
    std::function<void()> msg;
    {
      MutexLock l(&mu_);
      while (queue_.empty() && !stopping_) cv_.Wait(&mu_);
      if (stopping_) return;
      msg = std::move(queue_.front());
      queue_.pop_front();
    }
    // mu_ is released while the message runs: handlers post further messages.
    msg();
  }
}

BackgroundPool::~BackgroundPool() { JoinAll(); }

void BackgroundPool::ReapLocked() {
  mu_.AssertHeld();
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    if (it->done->load()) {
      it->thread.join();  // already finished: returns at once
      it = tasks_.erase(it);
    } else {
      ++it;
    }
  }
}

void BackgroundPool::Spawn(std::function<void()> task) {
  MutexLock l(&mu_);
  ReapLocked();
  auto done = std::make_shared<std::atomic<bool>>(false);
  tasks_.push_back(Task{std::thread([task = std::move(task), done] {
                          task();
                          done->store(true);
                        }),
                        done});
}

void BackgroundPool::JoinAll() {
  // Joined without mu_: a finishing task may still Spawn; such tasks are joined by the next round.
  for (;;) {
    std::list<Task> tasks;
    {
      MutexLock l(&mu_);
      tasks.swap(tasks_);
    }
    if (tasks.empty()) return;
    for (Task& t : tasks) t.thread.join();
  }
}

}  // namespace hookcheck::engine
