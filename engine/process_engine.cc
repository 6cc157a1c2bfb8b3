// ProcessEngine: spawn, the request/reply loop with deadlines, and the sticky broken state.
#include "engine/process_engine.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <thread>

#include "engine/process_protocol.h"
#include "model/op_text.h"

extern char** environ;

namespace hookcheck::engine {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// A reply line longer than this is refused rather than buffered without bound.
constexpr size_t kMaxLine = 64u << 20;
// How much of the child's stderr is kept for error messages.
constexpr size_t kStderrTail = 4096;

void CloseFd(int* fd) {
  if (*fd >= 0) ::close(*fd);  // a failed close of a pipe end loses nothing we need
  *fd = -1;
}

int MillisLeft(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left, 1 << 30));
}

std::string Seconds(std::chrono::milliseconds ms) {
  char buf[32];
  // Milliseconds, trailing zeros dropped but one decimal kept: 0.04 s, 1.5 s, 10.0 s.
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ms.count()) / 1000.0);
  std::string out = buf;
  while (out.size() > 2 && out.back() == '0' && out[out.size() - 2] != '.') out.pop_back();
  return out + " s";
}

// "signal 11 (SIGSEGV)": the number and its abbreviation, which every reader can look up.
std::string SignalText(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return "signal " + std::to_string(sig) +
         (abbrev ? " (SIG" + std::string(abbrev) + ")" : std::string());
}

}  // namespace

std::string_view Name(ProcessState s) {
  switch (s) {
    case ProcessState::kRunning:
      return "running";
    case ProcessState::kSpawnFailed:
      return "spawn_failed";
    case ProcessState::kExited:
      return "exited";
    case ProcessState::kTimedOut:
      return "timed_out";
    case ProcessState::kMalformedJson:
      return "malformed_json";
    case ProcessState::kBadReply:
      return "bad_reply";
    case ProcessState::kWrongId:
      return "wrong_id";
    case ProcessState::kErrorReply:
      return "error_reply";
    case ProcessState::kLoadFailed:
      return "load_failed";
  }
  return "?";
}

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::unique_ptr<ProcessEngine> ProcessEngine::Start(const ProcessOptions& options) {
  std::unique_ptr<ProcessEngine> engine(new ProcessEngine(options));
  try {
    engine->Spawn();
    engine->Hello();
  } catch (const EngineBroke&) {
    // Recorded in state_ and error_; the first Engine call rethrows it.
  }
  return engine;
}

ProcessEngine::ProcessEngine(const ProcessOptions& options) : options_(options) {}

ProcessEngine::~ProcessEngine() { Terminate(/*polite=*/true); }

std::string ProcessEngine::Name() const { return "process:" + options_.command; }

void ProcessEngine::ThrowIfBroken() const {
  if (broken()) throw EngineBroke(state_, error_);
}

void ProcessEngine::Spawn() {
  const std::string who = "engine '" + protocol::Excerpt(options_.command, 60) + "'";
  if (options_.command.empty()) Break(ProcessState::kSpawnFailed, "no engine command given");
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    const std::string reason = std::strerror(errno);
    for (int* fd : {&in[0], &in[1], &out[0], &out[1], &err[0], &err[1]}) CloseFd(fd);
    Break(ProcessState::kSpawnFailed, who + " could not be started: pipe: " + reason);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a kill reaches what the shell started too; default SIGPIPE and an
  // empty mask, whatever this thread has.
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t empty, defaults;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);

  std::string sh = "sh", dash_c = "-c", command = options_.command;
  char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};
  const int rc = ::posix_spawn(&pid_, "/bin/sh", &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  CloseFd(&in[0]);
  CloseFd(&out[1]);
  CloseFd(&err[1]);
  to_child_ = in[1];
  from_child_ = out[0];
  err_child_ = err[0];
  if (rc != 0) {
    pid_ = -1;
    Break(ProcessState::kSpawnFailed,
          who + " could not be started: posix_spawn: " + std::strerror(rc));
  }
  for (int fd : {to_child_, from_child_, err_child_})
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void ProcessEngine::Hello() {
  json offered = json::array();
  for (int v = protocol::kOldestProtocolVersion; v <= options_.max_protocol; ++v)
    offered.push_back(v);
  json reply = Call({{"type", "hello"},
                     {"protocol", protocol::kOldestProtocolVersion},
                     {"protocols", offered},
                     {"config", protocol::ToJson(options_.config)}});
  const std::string where = "reply to hello #" + std::to_string(next_id_ - 1);
  auto it = reply.find("protocol");
  if (it == reply.end() || !it->is_number_integer()) {
    Break(ProcessState::kBadReply,
          "engine '" + protocol::Excerpt(options_.command, 60) + "' sent a bad " + where +
              ": protocol: expected the protocol version (an integer), got " +
              (it == reply.end() ? std::string("nothing") : protocol::Show(*it, 40)));
  }
  const int64_t version = it->get<int64_t>();
  if (version < protocol::kOldestProtocolVersion || version > options_.max_protocol) {
    Break(ProcessState::kBadReply, "engine '" + protocol::Excerpt(options_.command, 60) +
                                       "' speaks protocol " + std::to_string(version) +
                                       "; hookcheck offered " + offered.dump());
  }
  protocol_ = static_cast<int>(version);
  if (auto name = reply.find("engine"); name != reply.end() && name->is_string()) {
    engine_name_ =
        protocol::Excerpt(name->get<std::string>(), 80);  // data: escaped, bounded, one line
  }
}

model::ErrorCode ProcessEngine::Submit(const model::Command& command) {
  ThrowIfBroken();
  submitted_.push_back(command);
  const std::string text = model::FormatCommand(command);
  json reply = Call({{"type", "submit"}, {"command", text}});
  std::string problem;
  if (std::optional<model::ErrorCode> code = protocol::ResultFromJson(reply, &problem))
    return *code;
  Break(ProcessState::kBadReply, "engine '" + protocol::Excerpt(options_.command, 60) +
                                     "' sent a bad reply to submit #" +
                                     std::to_string(next_id_ - 1) + " (" + text + "): " + problem);
}

void ProcessEngine::WaitIdle() {
  ThrowIfBroken();
  json reply = Call({{"type", "wait_idle"}});
  auto it = reply.find("ok");
  if (it == reply.end() || !it->is_boolean() || !it->get<bool>()) {
    Break(ProcessState::kBadReply,
          "engine '" + protocol::Excerpt(options_.command, 60) +
              "' sent a bad reply to wait_idle #" + std::to_string(next_id_ - 1) +
              ": ok: expected true, got " +
              (it == reply.end() ? std::string("nothing") : protocol::Show(*it, 40)));
  }
}

model::Observation ProcessEngine::Observe() {
  ThrowIfBroken();
  json reply = Call({{"type", "observe"}});
  std::string error;
  std::optional<model::Observation> o;
  if (auto it = reply.find("observation"); it == reply.end()) {
    error = "observation: missing";
  } else {
    o = protocol::ObservationFromJson(*it, "observation", &error);
  }
  if (!o) {
    Break(ProcessState::kBadReply, "engine '" + protocol::Excerpt(options_.command, 60) +
                                       "' sent a bad reply to observe #" +
                                       std::to_string(next_id_ - 1) + ": " + error);
  }
  return *o;
}

std::vector<HookEvent> ProcessEngine::TakeEvents() {
  ThrowIfBroken();
  json reply = Call({{"type", "take_events"}});
  const std::string bad = "engine '" + protocol::Excerpt(options_.command, 60) +
                          "' sent a bad reply to take_events #" + std::to_string(next_id_ - 1) +
                          ": ";
  auto it = reply.find("events");
  if (it == reply.end()) Break(ProcessState::kBadReply, bad + "events: missing");
  std::string error;
  if (protocol_ == 1) {
    std::optional<std::vector<HookEvent>> events = protocol::EventsFromJson(*it, "events", &error);
    if (!events) Break(ProcessState::kBadReply, bad + error);
    return *events;
  }
  // Version 2: the lock rule comes from the engine's lock events, not from its word.
  std::optional<std::vector<protocol::TraceEntry>> entries =
      protocol::TraceFromJson(*it, "events", &error);
  if (!entries) Break(ProcessState::kBadReply, bad + error);
  std::vector<HookEvent> events;
  if (std::string problem = locks_.Read(*entries, "events", &events); !problem.empty()) {
    Break(ProcessState::kBadReply, bad + problem);
  }
  return events;
}

void ProcessEngine::Reset(const model::ModelConfig& config) {
  ThrowIfBroken();
  if (!supports_reset()) {
    throw std::logic_error(
        "ProcessEngine::Reset: the engine speaks protocol 1, which has no reset");
  }
  json reply = Call({{"type", "reset"}, {"config", protocol::ToJson(config)}});
  auto it = reply.find("ok");
  if (it == reply.end() || !it->is_boolean() || !it->get<bool>()) {
    Break(ProcessState::kBadReply,
          "engine '" + protocol::Excerpt(options_.command, 60) + "' sent a bad reply to reset #" +
              std::to_string(next_id_ - 1) + ": ok: expected true, got " +
              (it == reply.end() ? std::string("nothing") : protocol::Show(*it, 40)));
  }
  locks_.Reset();
  submitted_.clear();
  ++resets_;
}

json ProcessEngine::Call(json request) {
  ThrowIfBroken();
  const uint64_t id = next_id_++;
  request["id"] = id;
  std::string what = request["type"].get<std::string>() + " #" + std::to_string(id);
  if (auto c = request.find("command"); c != request.end())
    what += " (" + c->get<std::string>() + ")";
  const std::string who = "engine '" + protocol::Excerpt(options_.command, 60) + "'";

  Clock::time_point deadline = Clock::now() + options_.reply_timeout;
  const bool written = WriteAll(request.dump() + "\n", deadline, what);
  if (!written) {
    // The child closed its stdin, so it will not read this request; what it printed before
    // (garbage, a last error) is still worth reading, but not for a whole reply timeout.
    deadline = std::min(deadline, Clock::now() + options_.exit_grace);
  }
  std::string line;
  Read read;
  do {
    read = ReadLine(deadline, what, &line);
    // Blank lines carry nothing; every other line must be the reply.
  } while (read == Read::kLine && line.find_first_not_of(" \t\r") == std::string::npos);
  if (read != Read::kLine) {
    const std::string status = ExitStatus(
        read == Read::kEof || !written ? options_.exit_grace : std::chrono::milliseconds(0));
    if (read == Read::kTimeout && written) {
      Break(ProcessState::kTimedOut,
            who + " did not reply to " + what + " within " + Seconds(options_.reply_timeout) +
                (status.empty() ? "; killed it" : "; it " + status) + StderrTail());
    }
    Break(ProcessState::kExited,
          who + " " +
              (status.empty() ? std::string(written ? "closed its stdout" : "closed its stdin")
                              : status) +
              " before " + (written ? "replying to " : "reading ") + what + StderrTail());
  }

  std::string parse_error;
  std::optional<json> parsed = protocol::ParseLine(line, &parse_error);
  if (!parsed) {
    Break(ProcessState::kMalformedJson,
          who + " replied to " + what + " with " +
              (parse_error == "not JSON" ? std::string("a line that is not JSON") : parse_error) +
              ": '" + protocol::Excerpt(line) + "'");
  }
  json reply = std::move(*parsed);
  if (!reply.is_object()) {
    Break(ProcessState::kBadReply, who + " sent a bad reply to " + what +
                                       ": expected a JSON object, got '" + protocol::Excerpt(line) +
                                       "'");
  }
  auto rid = reply.find("id");
  if (rid == reply.end() || !rid->is_number_unsigned()) {
    Break(ProcessState::kBadReply,
          who + " sent a bad reply to " + what + ": id: " +
              (rid == reply.end() ? std::string("missing")
                                  : "expected the request's id, got " + protocol::Show(*rid, 40)));
  }
  if (const uint64_t got = rid->get<uint64_t>(); got < id && got + 1 == id && !last_what_.empty()) {
    Break(ProcessState::kWrongId, who + " sent a second reply to " + last_what_ + " (id " +
                                      std::to_string(got) + ") where the reply to " + what +
                                      " was due");
  }
  if (rid->get<uint64_t>() != id) {
    Break(ProcessState::kWrongId, who + " replied with id " + std::to_string(rid->get<uint64_t>()) +
                                      " to " + what + " (expected id " + std::to_string(id) + ")");
  }
  if (auto e = reply.find("error"); e != reply.end()) {
    Break(ProcessState::kErrorReply,
          who + " refused " + what + ": " +
              (e->is_string() ? protocol::Excerpt(e->get<std::string>(), 200)
                              : protocol::Show(*e, 200)));
  }
  last_what_ = what;
  return reply;
}

bool ProcessEngine::WriteAll(const std::string& data, Clock::time_point deadline,
                             const std::string& what) {
  const std::string who = "engine '" + protocol::Excerpt(options_.command, 60) + "'";
  // Block SIGPIPE in this thread for the write: a child that exited makes write() fail with EPIPE
  // instead of killing the harness. The signal is then pending on this thread; it is consumed
  // below unless the caller had it blocked already (then it may be the caller's own).
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  const bool restore = !sigismember(&old_set, SIGPIPE);
  size_t done = 0;
  int write_errno = 0;
  bool timed_out = false;
  while (done < data.size()) {
    const ssize_t n = ::write(to_child_, data.data() + done, data.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const int left = MillisLeft(deadline);
      if (left == 0) {
        timed_out = true;
        break;
      }
      pollfd p{to_child_, POLLOUT, 0};
      ::poll(&p, 1, left);  // EINTR or a timeout just loops back to the deadline check
      continue;
    }
    write_errno = n < 0 ? errno : EPIPE;
    break;
  }
  if (restore) {
    const timespec zero{0, 0};
    while (::sigtimedwait(&pipe_set, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  }
  if (timed_out) {
    Break(ProcessState::kTimedOut, who + " did not read " + what + " within " +
                                       Seconds(options_.reply_timeout) + "; killed it");
  }
  return write_errno == 0;
}

ProcessEngine::Read ProcessEngine::ReadLine(Clock::time_point deadline, const std::string& what,
                                            std::string* line) {
  const std::string who = "engine '" + protocol::Excerpt(options_.command, 60) + "'";
  bool eof = from_child_ < 0;
  while (true) {
    if (const size_t nl = out_buffer_.find('\n'); nl != std::string::npos) {
      *line = out_buffer_.substr(0, nl);
      out_buffer_.erase(0, nl + 1);
      if (!line->empty() && line->back() == '\r') line->pop_back();
      return Read::kLine;
    }
    if (out_buffer_.size() > kMaxLine) {
      Break(ProcessState::kMalformedJson, who + " replied to " + what +
                                              " with a line longer than " +
                                              std::to_string(kMaxLine >> 20) + " MiB");
    }
    if (eof) return Read::kEof;
    const int left = MillisLeft(deadline);
    if (left == 0) return Read::kTimeout;
    pollfd fds[2] = {{from_child_, POLLIN, 0}, {err_child_, POLLIN, 0}};
    const int n = ::poll(fds, err_child_ >= 0 ? 2 : 1, left);
    if (n < 0 && errno != EINTR) {
      Break(ProcessState::kExited, who + ": poll failed: " + std::strerror(errno));
    }
    if (n <= 0) continue;
    if (err_child_ >= 0 && fds[1].revents != 0) DrainStderr();
    if (fds[0].revents != 0) {
      char buf[65536];
      const ssize_t r = ::read(from_child_, buf, sizeof buf);
      if (r > 0) {
        out_buffer_.append(buf, static_cast<size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
        eof = true;
      }
    }
  }
}

void ProcessEngine::DrainStderr() {
  char buf[65536];
  while (err_child_ >= 0) {
    const ssize_t r = ::read(err_child_, buf, sizeof buf);
    if (r > 0) {
      err_tail_.append(buf, static_cast<size_t>(r));
      if (err_tail_.size() > kStderrTail) err_tail_.erase(0, err_tail_.size() - kStderrTail);
      continue;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    CloseFd(&err_child_);  // end of file (or an error: nothing more to read either way)
  }
}

std::string ProcessEngine::StderrTail() const {
  // The last non-empty line: usually the error the engine died with. When it is only the shell's
  // report of the signal ("Segmentation fault"), the engine's own last line comes before it.
  auto last_line = [this](size_t end_before, size_t* start_out) -> std::string {
    const size_t end = err_tail_.find_last_not_of(" \t\r\n", end_before);
    if (end == std::string::npos) return "";
    const size_t nl = err_tail_.rfind('\n', end);
    const size_t start = nl == std::string::npos ? 0 : nl + 1;
    *start_out = start;
    return err_tail_.substr(start, end + 1 - start);
  };
  size_t start = 0;
  std::string last = last_line(std::string::npos, &start);
  if (last.empty()) return "";
  int sig = 0;
  if (reaped_ && WIFSIGNALED(exit_status_)) sig = WTERMSIG(exit_status_);
  if (reaped_ && WIFEXITED(exit_status_) && WEXITSTATUS(exit_status_) > 128)
    sig = WEXITSTATUS(exit_status_) - 128;
  const char* description = sig > 0 && sig < NSIG ? strsignal(sig) : nullptr;
  if (description != nullptr && start > 0 && last.find(description) != std::string::npos) {
    size_t before_start = 0;
    const std::string before = last_line(start - 1, &before_start);
    if (!before.empty())
      return " (stderr: " + protocol::Excerpt(before, 160) + " / " + protocol::Excerpt(last, 60) +
             ")";
  }
  return " (stderr: " + protocol::Excerpt(last, 160) + ")";
}

std::string ProcessEngine::ExitStatus(std::chrono::milliseconds wait) {
  if (pid_ <= 0) return "";
  const Clock::time_point deadline = Clock::now() + wait;
  // Short sleeps first: a child told to exit usually is gone within a millisecond, and one
  // engine process per sequence makes this wait add up.
  auto nap = std::chrono::microseconds(50);
  while (!reaped_) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      exit_status_ = status;
      break;
    }
    if (r < 0 && errno != EINTR) return "";  // not our child any more (reaped elsewhere)
    if (Clock::now() >= deadline) return "";
    NapDrainingStderr(std::min<std::chrono::microseconds>(
        nap, std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now())));
    nap = std::min<std::chrono::microseconds>(nap * 2, std::chrono::milliseconds(5));
  }
  DrainStderr();  // the child is gone: what it wrote is all in the pipe now
  if (WIFEXITED(exit_status_)) {
    const int code = WEXITSTATUS(exit_status_);
    // A shell reports a command killed by signal N as status 128+N (the shell itself exits).
    if (code > 128 && code < 128 + NSIG && ::sigabbrev_np(code - 128) != nullptr) {
      return "was killed by " + SignalText(code - 128) + " (the shell exited with status " +
             std::to_string(code) + ")";
    }
    return "exited with status " + std::to_string(code);
  }
  if (WIFSIGNALED(exit_status_)) return "was killed by " + SignalText(WTERMSIG(exit_status_));
  return "stopped";
}

void ProcessEngine::NapDrainingStderr(std::chrono::microseconds nap) {
  if (nap.count() <= 0) return;
  if (err_child_ < 0) {
    std::this_thread::sleep_for(nap);
    return;
  }
  pollfd p{err_child_, POLLIN, 0};
  const timespec ts{static_cast<time_t>(nap.count() / 1'000'000),
                    static_cast<long>(nap.count() % 1'000'000) * 1000};
  if (::ppoll(&p, 1, &ts, nullptr) > 0)
    DrainStderr();  // data, or end of file: DrainStderr closes it
}

bool ProcessEngine::GroupAlive() const {
  // ESRCH: no member at all. EPERM: only members we may not signal, nothing we can do about them.
  if (pid_ <= 0 || ::kill(-pid_, 0) != 0) return false;
  // kill() counts zombies too: an orphan that init never reaps stays one in some containers, and
  // the unreaped leader is one. Where there is a /proc, look for a member that still runs.
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return true;
  bool alive = false;
  while (!alive) {
    const dirent* entry = ::readdir(proc);
    if (entry == nullptr) break;
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
    FILE* f = std::fopen(path, "re");
    if (f == nullptr) continue;  // gone meanwhile
    char buf[1024];
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = '\0';
    // "pid (comm) state ppid pgrp ...": comm may hold anything, so parse after its last ')'.
    const char* close = std::strrchr(buf, ')');
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (close != nullptr && std::sscanf(close + 1, " %c %ld %ld", &state, &ppid, &pgrp) == 3) {
      alive = pgrp == pid_ && state != 'Z' && state != 'X';
    }
  }
  ::closedir(proc);
  return alive;
}

bool ProcessEngine::WaitGroupGone(std::chrono::milliseconds wait) {
  const Clock::time_point deadline = Clock::now() + wait;
  auto nap = std::chrono::microseconds(200);
  while (true) {
    ExitStatus(std::chrono::milliseconds(0));  // reaps the leader once it is gone
    if (!GroupAlive()) return true;
    if (Clock::now() >= deadline) return false;
    NapDrainingStderr(nap);
    nap = std::min<std::chrono::microseconds>(nap * 2, std::chrono::milliseconds(10));
  }
}

void ProcessEngine::Terminate(bool polite) {
  CloseFd(&to_child_);  // the child sees end of file on stdin: the protocol's "exit now"
  if (pid_ > 0 && !group_ended_) {
    // The child's process group: the shell and whatever it started. The group id stays ours to
    // signal while the leader is unreaped, and after that while any member is left (Linux does
    // not reuse a pid that is still some group's id).
    bool termed = false;
    if (!reaped_ && (!polite || ExitStatus(options_.exit_grace).empty())) {
      ::kill(-pid_, SIGTERM);
      termed = true;
      ExitStatus(options_.exit_grace);
    }
    // The leader may be gone while what it started lives on: a helper the engine left behind,
    // or a child that ignores SIGTERM when the shell did not. The group ends as a whole.
    if (GroupAlive()) {
      if (!termed) {
        ::kill(-pid_, SIGTERM);
        WaitGroupGone(options_.exit_grace);
      }
      if (GroupAlive()) {
        ::kill(-pid_, SIGKILL);
        WaitGroupGone(std::chrono::milliseconds(2'000));
      }
    }
    if (!reaped_) {
      int status = 0;
      // SIGKILL cannot be caught; a child still not gone is in an uninterruptible wait.
      if (::waitpid(pid_, &status, 0) == pid_) {
        reaped_ = true;
        exit_status_ = status;
      }
    }
    group_ended_ = true;
  }
  DrainStderr();
  CloseFd(&from_child_);
  CloseFd(&err_child_);
}

void ProcessEngine::Break(ProcessState state, const std::string& message) {
  if (state_ == ProcessState::kRunning) {
    state_ = state;
    error_ = message;
  }
  // A child that sent garbage or timed out is not trusted to exit on its own.
  Terminate(/*polite=*/state == ProcessState::kExited);
  throw EngineBroke(state_, error_);
}

}  // namespace hookcheck::engine
