// File: cli/progress.h
// Defines `Progress`, the progress line of a long run (`property`, `explore`, `conform`) on
// stderr: what part runs, how many sequences of how many, the rate, and an ETA when the total is
// known. On a terminal it redraws one line (at most 5 times a second); otherwise it writes a
// line every few seconds (HOOKCHECK_PROGRESS_SECONDS, default 5; 0: a line per tick), so a CI log
// shows a long run is alive without drowning in it. stdout, the report, is never touched.
// Thread-safety: thread-safe (Tick is called by every job of `conform -j N`).
#ifndef HOOKCHECK_CLI_PROGRESS_H_
#define HOOKCHECK_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace hookcheck::cli {

class Progress {
 public:
  explicit Progress(std::string command);  // "conform"
  ~Progress();  // Finish()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // A new part: `unit` is what Tick counts ("sequences", "states"); `total` 0 when not known.
  void StartPart(const std::string& part, const std::string& unit, uint64_t total);
  void Tick(uint64_t n = 1);
  // Clears a terminal's line so the report that follows starts on a clean line.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  void Print();  // REQUIRES: mu_ held

  const std::string command_;
  const bool terminal_;
  const std::chrono::milliseconds every_;

  std::mutex mu_;
  std::string part_, unit_;
  uint64_t done_ = 0, total_ = 0;
  Clock::time_point part_start_, last_print_;
  bool drawn_ = false;  // a terminal line is showing
};

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_PROGRESS_H_
