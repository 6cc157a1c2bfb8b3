// Implements Progress.
#include "properties/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace hookcheck::properties {
namespace {

std::chrono::milliseconds Interval(bool terminal) {
  if (terminal) return std::chrono::milliseconds(200);
  const char* env = std::getenv("HOOKCHECK_PROGRESS_SECONDS");
  if (env != nullptr && *env != '\0') {
    char* end = nullptr;
    const double s = std::strtod(env, &end);
    if (end != env && *end == '\0' && s >= 0 && s < 86'400)
      return std::chrono::milliseconds(static_cast<int64_t>(s * 1000));
  }
  return std::chrono::seconds(5);
}

}  // namespace

Progress::Progress(std::string command)
    : command_(std::move(command)),
      terminal_(::isatty(STDERR_FILENO) == 1),
      every_(Interval(terminal_)) {}

Progress::~Progress() { Finish(); }

void Progress::StartPart(const std::string& part, const std::string& unit, uint64_t total) {
  MutexLock l(&mu_);
  part_ = part;
  unit_ = unit;
  total_ = total;
  done_ = 0;
  part_start_ = last_print_ = Clock::now();
}

void Progress::Tick(uint64_t n) {
  MutexLock l(&mu_);
  done_ += n;
  if (Clock::now() - last_print_ >= every_) Print();
}

void Progress::Finish() {
  MutexLock l(&mu_);
  if (terminal_ && drawn_) std::fputs("\r\x1b[K", stderr);
  drawn_ = false;
  std::fflush(stderr);
}

void Progress::Print() {
  last_print_ = Clock::now();
  const double seconds = std::chrono::duration<double>(last_print_ - part_start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  char line[256];
  int len = std::snprintf(line, sizeof line, "%s: %s: %llu", command_.c_str(), part_.c_str(),
                          static_cast<unsigned long long>(done_));
  if (total_ > 0)
    len += std::snprintf(line + len, sizeof line - len, "/%llu",
                         static_cast<unsigned long long>(total_));
  len += std::snprintf(line + len, sizeof line - len, " %s, %.1f/s", unit_.c_str(), rate);
  if (total_ > done_ && rate > 0) {
    len += std::snprintf(line + len, sizeof line - len, ", ETA %.0f s",
                         static_cast<double>(total_ - done_) / rate);
  }
  std::fprintf(stderr, terminal_ ? "\r%s\x1b[K" : "%s\n", line);
  drawn_ = terminal_;
  std::fflush(stderr);
}

}  // namespace hookcheck::properties
