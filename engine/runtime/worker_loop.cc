#include "engine/runtime/worker_loop.h"

#include <utility>

namespace hookcheck::runtime {

WorkerLoop::WorkerLoop(Runtime* rt, std::string name)
    : rt_(rt), mu_(rt, "WorkerLoop::mu_"), cv_(rt) {
  task_ = rt_->Spawn(std::move(name), [this] { Loop(); });
}

bool WorkerLoop::Post(std::function<void()> msg) {
  MutexLock lock(&mu_, "WorkerLoop::Post");
  if (stopping_) return false;
  queue_.push_back(std::move(msg));
  cv_.Signal();
  return true;
}

void WorkerLoop::Stop() {
  {
    MutexLock lock(&mu_, "WorkerLoop::Stop");
    stopping_ = true;
    cv_.Signal();
  }
  rt_->Join(task_, "WorkerLoop::Stop:Join");
}

void WorkerLoop::Loop() {
  while (true) {
    std::function<void()> msg;
    {
      MutexLock lock(&mu_, "WorkerLoop::Loop");
      while (queue_.empty() && !stopping_) cv_.Wait(&mu_, "WorkerLoop::Loop:Wait");
      if (queue_.empty()) return;  // stopping, and everything posted has run
      msg = std::move(queue_.front());
      queue_.pop_front();
    }
    // Runs with mu_ released, so a message may Post to its own loop.
    msg();
  }
}

}  // namespace hookcheck::runtime
