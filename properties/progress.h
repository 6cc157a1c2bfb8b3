// File: properties/progress.h
// Defines `Progress`, the progress line of a long run (`property`, `explore`, `conform`) on
// stderr: what part runs, how many sequences of how many, the rate, and an ETA when the total is
// known. On a terminal it redraws one line (at most 5 times a second); otherwise it writes a
// line every few seconds (HOOKCHECK_PROGRESS_SECONDS, default 5; 0: a line per tick), so a CI log
// shows a long run is alive without drowning in it. stdout, the report, is never touched.
// Thread-safety: thread-safe (Tick is called by every job of `conform -j N`).
#ifndef HOOKCHECK_PROPERTIES_PROGRESS_H_
#define HOOKCHECK_PROPERTIES_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace hookcheck::properties {

class Progress {
 public:
  explicit Progress(std::string command);  // "conform"
  ~Progress() REQUIRES(!mu_);              // Finish()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // A new part: `unit` is what Tick counts ("sequences", "states"); `total` 0 when not known.
  void StartPart(const std::string& part, const std::string& unit, uint64_t total) REQUIRES(!mu_);
  void Tick(uint64_t n = 1) REQUIRES(!mu_);
  // Clears a terminal's line so the report that follows starts on a clean line.
  void Finish() REQUIRES(!mu_);

 private:
  using Clock = std::chrono::steady_clock;
  void Print() REQUIRES(mu_);

  const std::string command_;
  const bool terminal_;
  const std::chrono::milliseconds every_;

  Mutex mu_;
  std::string part_ GUARDED_BY(mu_);
  std::string unit_ GUARDED_BY(mu_);
  uint64_t done_ GUARDED_BY(mu_) = 0;
  uint64_t total_ GUARDED_BY(mu_) = 0;
  Clock::time_point part_start_ GUARDED_BY(mu_);
  Clock::time_point last_print_ GUARDED_BY(mu_);
  bool drawn_ GUARDED_BY(mu_) = false;  // a terminal line is showing
};

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_PROGRESS_H_
