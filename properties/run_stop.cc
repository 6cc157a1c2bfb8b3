// Implements RunStop. The SIGINT handler only stores to lock-free atomics.
#include "properties/run_stop.h"

#include <csignal>
#include <cstdio>

namespace hookcheck::properties {
namespace {

std::atomic<RunStop*> g_sigint_stop{nullptr};

extern "C" void OnSigint(int) {
  if (RunStop* stop = g_sigint_stop.load()) stop->Interrupt();
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C: the default action
}

int64_t Now() { return RunStop::Clock::now().time_since_epoch().count(); }

}  // namespace

void RunStop::SetTimeLimit(double seconds) {
  limit_seconds_ = seconds;
  deadline_ns_ =
      Now() +
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)).count();
}

bool RunStop::TimeUp() const {
  const int64_t deadline = deadline_ns_.load(std::memory_order_relaxed);
  return deadline != 0 && Now() >= deadline;
}

std::string RunStop::Reason() const {
  if (interrupted_.load()) return "interrupted (Ctrl-C)";
  if (TimeUp()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "time limit %g s reached", limit_seconds_.load());
    return buf;
  }
  return "";
}

void RunStop::InterruptOnSigint(RunStop* stop) {
  g_sigint_stop = stop;
  std::signal(SIGINT, stop ? OnSigint : SIG_DFL);
}

}  // namespace hookcheck::properties
