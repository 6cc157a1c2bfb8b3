// File: engine/process_engine.h
// Defines `ProcessEngine`, the adapter that checks an engine written in any language: it runs a
// command (`/bin/sh -c CMD`) as a child process and speaks the process protocol with it,
// newline-delimited JSON over the child's stdin/stdout, one request then one reply
// (docs/process-protocol.md). Also `ProcessOptions`.
//
// [Errors] Whatever the child does, the adapter neither crashes nor hangs. The first failure
// (the child exits or is killed, a reply does not come within the timeout, a reply is not JSON,
// does not match the schema, carries the wrong id, or is an error reply) puts the adapter in a
// sticky broken state with a one-line `error()`, kills the child, and makes that call and every
// later one throw `EngineBroke`. Engine::Submit returns a contract ErrorCode, so an engine that
// broke is not an ErrorCode: callers catch EngineBroke (the CLI maps it to exit code 4).
// [Lifetime] The child runs in its own process group (the shell and all it starts). The
// destructor closes the child's stdin and waits a grace period for it to exit, draining its
// stderr meanwhile (a child blocked on a full stderr pipe is not a child that hangs); then
// SIGTERM to the group, a grace period, SIGKILL to the group; it reaps the child. A group that
// outlives its leader (a helper left behind, a child that ignores SIGTERM) gets SIGTERM, a grace
// period and SIGKILL too, so no process of the engine outlives the ProcessEngine. It blocks
// about three grace periods at most (plus 2 s for a SIGKILL to land).
// [Signals] Writes to the child run with SIGPIPE blocked in the calling thread, so a child that
// exited turns into an error, not a dead harness.
// Thread-safety: externally synchronized (the Engine contract: one driving thread).
#ifndef HOOKCHECK_ENGINE_PROCESS_ENGINE_H_
#define HOOKCHECK_ENGINE_PROCESS_ENGINE_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/external_engine.h"
#include "engine/lock_tracker.h"
#include "model/config.h"

namespace hookcheck::engine {

struct ProcessOptions {
  // The shell command that starts the engine, run as `/bin/sh -c command`. REQUIRES: non-empty.
  std::string command;
  // The contract the engine is asked to implement; sent in `hello`. Default: the seed contract.
  model::ModelConfig config;
  // How long one reply may take (a submit's reply, an idle wait, ...). Default: 10 s.
  std::chrono::milliseconds reply_timeout{10'000};
  // How long the child has to exit after its stdin is closed, and again after SIGTERM.
  // Default: 1 s.
  std::chrono::milliseconds exit_grace{1'000};
  // The newest protocol version `hello` offers (it offers every version from 1 up to it).
  // Default: protocol::kProtocolVersion. Range: 1..kProtocolVersion.
  int max_protocol = protocol::kProtocolVersion;
};

// `text` as one word of a POSIX shell command line ('it'\''s'), for the reproduction commands
// that name an engine command.
std::string ShellQuote(std::string_view text);

class ProcessEngine : public ExternalEngine {
 public:
  // Starts the child and exchanges `hello`. Never null and never throws: a failure to start or
  // to greet leaves the engine broken (check broken() before use, or let the first call throw).
  static std::unique_ptr<ProcessEngine> Start(const ProcessOptions& options);

  ~ProcessEngine() override;
  ProcessEngine(const ProcessEngine&) = delete;
  ProcessEngine& operator=(const ProcessEngine&) = delete;

  // Engine. Each throws EngineBroke when the engine is broken or breaks during the call.
  model::ErrorCode Submit(const model::Command& command) override;
  void WaitIdle() override;
  model::Observation Observe() override;
  std::vector<HookEvent> TakeEvents() override;
  std::string Name() const override;  // "process:<command>"

  // Version 2: starts a fresh region for `config` in the same process (`reset`), so the next
  // sequence needs no new process. submitted() starts over. REQUIRES: supports_reset(), idle
  // (after WaitIdle). Throws EngineBroke.
  void Reset(const model::ModelConfig& config) override;
  bool supports_reset() const override { return protocol_ >= 2; }
  // The version the engine picked in `hello` (0 before a reply named one).
  int protocol() const { return protocol_; }
  // How many resets succeeded: the sequences this process served, minus one.
  uint64_t resets() const { return resets_; }

  ProcessState state() const override { return state_; }
  // One line saying what broke, "" while running: "engine 'CMD' exited with status 3 during
  // submit #4 (stderr: ...)".
  const std::string& error() const override { return error_; }
  // The name the engine gave in its `hello` reply ("" if none).
  const std::string& engine_name() const override { return engine_name_; }
  // Every command submitted so far, in order: the sequence that reproduces a break.
  const std::vector<model::Command>& submitted() const override { return submitted_; }
  pid_t pid() const { return pid_; }

 private:
  explicit ProcessEngine(const ProcessOptions& options);

  void Spawn();
  void Hello();
  // Sends `request` (an "id" is added) and returns the reply object, checked for its id and for
  // an error reply. Throws EngineBroke.
  nlohmann::json Call(nlohmann::json request);
  enum class Read : uint8_t { kLine, kEof, kTimeout };
  // Reads one line of the child's stdout into `*line` before `deadline`, draining its stderr
  // meanwhile. Throws EngineBroke only on a line too long to buffer.
  Read ReadLine(std::chrono::steady_clock::time_point deadline, const std::string& what,
                std::string* line);
  // Writes `data` to the child's stdin. False iff the child closed it (EPIPE); throws EngineBroke
  // if the child does not read it before `deadline`.
  bool WriteAll(const std::string& data, std::chrono::steady_clock::time_point deadline,
                const std::string& what);
  // Records the first failure, kills the child, and throws.
  [[noreturn]] void Break(ProcessState state, const std::string& message);
  void ThrowIfBroken() const;
  // "exited with status 3" / "was killed by signal 9 (Killed)", reaping the child if it is gone
  // within `wait`; "" if it is still running after it.
  std::string ExitStatus(std::chrono::milliseconds wait);
  // Closes the child's stdin and ends it: `polite` waits exit_grace for it to exit on its own
  // first; then SIGTERM to its process group, exit_grace, SIGKILL; reaps it. Then whatever is
  // left of the group gets SIGTERM, exit_grace, SIGKILL. Idempotent.
  void Terminate(bool polite);
  void DrainStderr();
  // Sleeps up to `nap`, waking early to drain the child's stderr when it has data.
  void NapDrainingStderr(std::chrono::microseconds nap);
  // Whether a process of the child's group still runs (zombies do not count).
  bool GroupAlive() const;
  // Waits up to `wait` for GroupAlive() to turn false, reaping the leader and draining stderr
  // meanwhile. True iff it did.
  bool WaitGroupGone(std::chrono::milliseconds wait);
  std::string StderrTail() const;

  // ---- Constants ----
  const ProcessOptions options_;

  // ---- The child (externally synchronized with the rest) ----
  pid_t pid_ = -1;
  bool reaped_ = false;
  bool group_ended_ = false;  // Terminate has ended the whole group
  int exit_status_ = 0;       // waitpid status, valid iff reaped_
  int to_child_ = -1;         // the child's stdin
  int from_child_ = -1;       // the child's stdout
  int err_child_ = -1;        // the child's stderr
  std::string out_buffer_;    // stdout bytes read past the last line
  std::string err_tail_;      // the last bytes of the child's stderr

  // ---- Protocol state ----
  uint64_t next_id_ = 1;
  ProcessState state_ = ProcessState::kRunning;
  std::string error_;
  std::string engine_name_;
  std::string last_what_;  // the last request answered ("hello #1"): blamed for a second reply
  std::vector<model::Command> submitted_;
  int protocol_ = 0;
  uint64_t resets_ = 0;
  LockTracker locks_;  // version 2: what each of the engine's threads holds
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_PROCESS_ENGINE_H_
