// ProcessEngine's child lifetime (issue 12 item 8): no process an engine command started outlives
// the ProcessEngine, whether it hangs, ignores SIGTERM, or leaves a child behind after a normal
// exit; and an engine that writes a lot to stderr as it exits is drained, not killed.
// Separate from process_engine_test.cc, which covers the protocol and its errors.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "engine/process_engine.h"
#include "model/op_text.h"

namespace hookcheck::engine {
namespace {

#ifndef HOOKCHECK_BINARY
#error "properties/CMakeLists.txt defines HOOKCHECK_BINARY, the path of the hookcheck executable"
#endif

using Clock = std::chrono::steady_clock;

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "hookcheck-lifetime-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data()) != nullptr ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

ProcessOptions Options(const std::string& command) {
  ProcessOptions o;
  o.command = command;
  o.reply_timeout = std::chrono::milliseconds(500);
  o.exit_grace = std::chrono::milliseconds(300);
  return o;
}

// The pid the engine script wrote to `file`, waiting up to 5 s for it to appear; -1 if none.
pid_t ReadPid(const std::string& file) {
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    std::ifstream in(file);
    long pid = 0;
    if (in >> pid && pid > 0) return static_cast<pid_t>(pid);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

// True iff `pid` is no running process: it does not exist, or is a zombie (an orphan waiting for
// an init that may never reap it, as in some containers).
bool Gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

// Waits up to 3 s for `pid` to be gone; kills it with SIGKILL if not, so a failing test leaves
// nothing behind either.
bool GoneSoon(pid_t pid) {
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(3);
  while (Clock::now() < deadline) {
    if (Gone(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  return false;
}

const char* const kGreet = R"(read l; echo '{"id":1,"protocol":1}'; )";

// The brief's engine: a shell that ignores SIGTERM, with a child that ignores it too, and that
// never replies. It times out, and after the ProcessEngine is gone so is the child.
TEST(ProcessEngineLifetime, HungEngineIgnoringSigtermLeavesNoProcess) {
  TempDir dir;
  const std::string pid_file = dir.File("child.pid");
  pid_t child = -1;
  {
    auto engine = ProcessEngine::Start(
        Options("trap '' TERM; sleep 300 & echo $! > " + ShellQuote(pid_file) + "; wait"));
    EXPECT_EQ(engine->state(), ProcessState::kTimedOut) << engine->error();
    child = ReadPid(pid_file);
  }
  ASSERT_GT(child, 0);
  EXPECT_TRUE(GoneSoon(child)) << "the engine's child " << child << " outlived the ProcessEngine";
}

// The shell dies of SIGTERM, but the child it started ignores SIGTERM: the group is still
// killed, not just its leader.
TEST(ProcessEngineLifetime, ChildIgnoringSigtermDiesWithItsShell) {
  TempDir dir;
  const std::string pid_file = dir.File("child.pid");
  pid_t child = -1;
  {
    auto engine = ProcessEngine::Start(Options("(trap '' TERM; exec sleep 300) & echo $! > " +
                                               ShellQuote(pid_file) + "; sleep 60"));
    EXPECT_EQ(engine->state(), ProcessState::kTimedOut) << engine->error();
    child = ReadPid(pid_file);
  }
  ASSERT_GT(child, 0);
  EXPECT_TRUE(GoneSoon(child)) << "the engine's child " << child << " outlived the ProcessEngine";
}

// An engine that behaves (greets, exits on end of stdin) but leaves a child behind: the child
// must not outlive the sequence, or each sequence of a `conform` run leaks one process.
TEST(ProcessEngineLifetime, LingeringChildOfAWellBehavedEngineIsKilled) {
  TempDir dir;
  const std::string pid_file = dir.File("child.pid");
  pid_t child = -1;
  {
    auto engine = ProcessEngine::Start(
        Options("(trap '' TERM; exec sleep 300) </dev/null >/dev/null 2>&1 & echo $! > " +
                ShellQuote(pid_file) + "; exec " + ShellQuote(HOOKCHECK_BINARY) + " serve"));
    ASSERT_FALSE(engine->broken()) << engine->error();
    engine->Submit(*model::ParseCommand("Put ts=1").command);
    engine->WaitIdle();
    child = ReadPid(pid_file);
  }
  ASSERT_GT(child, 0);
  EXPECT_TRUE(GoneSoon(child)) << "the engine's child " << child << " outlived the ProcessEngine";
}

// An engine that writes 1 MB to stderr once its stdin closes, then exits: the pipe is drained
// while waiting, so it finishes (and writes its marker) instead of being killed at the grace.
TEST(ProcessEngineLifetime, EngineWritingAMegabyteToStderrAtExitIsNotKilled) {
  TempDir dir;
  const std::string done = dir.File("done");
  {
    ProcessOptions options = Options(std::string(kGreet) +
                                     "cat >/dev/null; head -c 1048576 /dev/zero | tr '\\0' x >&2; "
                                     "echo bye >&2; touch " +
                                     ShellQuote(done));
    options.exit_grace = std::chrono::milliseconds(500);
    auto engine = ProcessEngine::Start(options);
    ASSERT_FALSE(engine->broken()) << engine->error();
  }
  EXPECT_TRUE(std::filesystem::exists(done))
      << "the engine was killed while writing its stderr at exit";
}

// The same at a break: an engine that writes 1 MB to stderr and exits before replying is
// reported as exited with its last stderr line, not as a timeout.
TEST(ProcessEngineLifetime, EngineDyingWithAMegabyteOfStderrIsExitedNotTimedOut) {
  auto engine = ProcessEngine::Start(Options(std::string(kGreet) +
                                             "read l; head -c 1048576 /dev/zero | tr '\\0' x >&2; "
                                             "echo >&2; echo 'panicked at the end' >&2; exit 3"));
  ASSERT_FALSE(engine->broken()) << engine->error();
  EXPECT_THROW(engine->Submit(*model::ParseCommand("Put ts=1").command), EngineBroke);
  EXPECT_EQ(engine->state(), ProcessState::kExited) << engine->error();
  EXPECT_NE(engine->error().find("panicked at the end"), std::string::npos) << engine->error();
}

}  // namespace
}  // namespace hookcheck::engine
