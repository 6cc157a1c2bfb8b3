#include "engine/worker_loop.h"

#include <cstdio>
#include <cstdlib>

namespace hookcheck::engine {

WorkerLoop::WorkerLoop(runtime::Runtime* rt, int index)
    : loop_(rt, "WorkerLoop:" + std::to_string(index)) {}

void WorkerLoop::AssertOnLoopThread() const {
  if (!OnLoopThread()) {
    // Not assert(): the check must hold in the optimized builds the suites run in.
    std::fprintf(stderr, "hookcheck: worker-loop-owned state touched off its loop task\n");
    std::abort();
  }
}

void BackgroundPool::Spawn(std::string name, std::function<void()> task) {
  // Spawned under mu_, so JoinAll never misses a task it could have seen started.
  runtime::MutexLock l(&mu_, "BackgroundPool::Spawn");
  tasks_.push_back(rt_->Spawn(std::move(name), std::move(task)));
}

void BackgroundPool::JoinAll() {
  // Joined without mu_: a finishing task may still Spawn; such tasks are joined by the next round.
  for (;;) {
    std::vector<runtime::TaskId> tasks;
    {
      runtime::MutexLock l(&mu_, "BackgroundPool::JoinAll");
      tasks.swap(tasks_);
    }
    if (tasks.empty()) return;
    for (runtime::TaskId t : tasks) rt_->Join(t, "BackgroundPool::JoinAll:Join");
  }
}

}  // namespace hookcheck::engine
