// File: properties/run_stop.h
// Defines `RunStop`, why a long run ends early: Ctrl-C (SIGINT) or a time limit, and
// `StopRequested`, what an engine factory throws once the run is stopped. The checkers that take
// a RunStop check it between sequences and report what they did not reach as unknown (never as
// a pass); a failure found before the stop is kept.
// Thread-safety: thread-safe; Interrupt() is async-signal-safe (one lock-free atomic store).
#ifndef HOOKCHECK_PROPERTIES_RUN_STOP_H_
#define HOOKCHECK_PROPERTIES_RUN_STOP_H_

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>

namespace hookcheck::properties {

class RunStop {
 public:
  using Clock = std::chrono::steady_clock;

  // Stops the run once `seconds` have passed from now. REQUIRES: seconds > 0.
  void SetTimeLimit(double seconds);
  // Stops the run now (the SIGINT handler calls it).
  void Interrupt() { interrupted_.store(true, std::memory_order_relaxed); }

  // "" while the run may go on; else why it stopped: "interrupted (Ctrl-C)", "time limit 30 s
  // reached".
  std::string Reason() const;
  bool Stopped() const { return interrupted_.load(std::memory_order_relaxed) || TimeUp(); }

  // Installs a SIGINT handler that calls Interrupt() on `stop` (null: the default action again).
  // A second Ctrl-C ends the process at once, as usual.
  static void InterruptOnSigint(RunStop* stop);

 private:
  bool TimeUp() const;

  static_assert(std::atomic<bool>::is_always_lock_free);
  std::atomic<bool> interrupted_{false};
  std::atomic<int64_t> deadline_ns_{0};  // steady-clock time since epoch; 0: no limit
  std::atomic<double> limit_seconds_{0};
};

class StopRequested : public std::runtime_error {
 public:
  explicit StopRequested(const std::string& reason) : std::runtime_error(reason) {}
};

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_RUN_STOP_H_
