// Process protocol version 2 (docs/process-protocol.md "Versions"): the checker derives the lock
// rule from the engine's lock events, a v1 engine still works, `reset` reuses one process, and
// `conform -j N` reports what -j 1 reports. Engines are `hookcheck serve` and small shell scripts
// that fake one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "engine/process_engine.h"
#include "model/op_text.h"
#include "properties/sequential_runner.h"

namespace hookcheck::engine {
namespace {

using ::testing::HasSubstr;

std::string Serve(const std::string& flags = "") {
  return ShellQuote(HOOKCHECK_BINARY) + " serve" + flags;
}

ProcessOptions Options(const std::string& command) {
  ProcessOptions o;
  o.command = command;
  o.reply_timeout = std::chrono::seconds(5);
  o.exit_grace = std::chrono::milliseconds(500);
  return o;
}

model::Command Parse(const char* line) { return *model::ParseCommand(line).command; }

// A version 2 engine faked in sh: it answers every request by its type, and every take_events
// with `events` (a JSON array). Its region never changes: fine for one `Flush` on nothing.
std::string FakeV2Engine(const std::string& events) {
  return "n=0; while read l; do n=$((n+1)); case \"$l\" in "
         "*'\"hello\"'*) echo \"{\\\"id\\\":$n,\\\"protocol\\\":2}\";; "
         "*'\"take_events\"'*) echo \"{\\\"id\\\":$n,\\\"events\\\":" +
         events +
         "}\";; "
         "*'\"observe\"'*) echo "
         "\"{\\\"id\\\":$n,\\\"observation\\\":{\\\"presence\\\":\\\"open\\\",\\\"role\\\":"
         "\\\"W\\\","
         "\\\"live_files\\\":[],\\\"manifest_version\\\":0,\\\"staged_actions\\\":[],\\\"live_"
         "partition_expr\\\":0}}\";; "
         "*'\"submit\"'*) echo \"{\\\"id\\\":$n,\\\"result\\\":\\\"Ok\\\"}\";; "
         "*) echo \"{\\\"id\\\":$n,\\\"ok\\\":true}\";; esac; done";
}

// An MU fired between the acquire and the release of the manifest write lock, by the same thread;
// `lock_held` is spliced into the callback as given ("" leaves it out).
std::string MuUnderLock(const std::string& lock_held) {
  return R"([{\"kind\":\"lock\",\"op\":\"acquire\",\"mode\":\"write\",\"thread\":1,\"seq\":1,\"site\":\"commit\"},)"
         R"({\"kind\":\"callback\",\"callback\":\"MU\",\"version\":1,\"actions\":[],\"files\":[],)" +
         lock_held +
         R"(\"on_compactor\":false,\"thread\":1,\"seq\":2},)"
         R"({\"kind\":\"lock\",\"op\":\"release\",\"mode\":\"write\",\"thread\":1,\"seq\":3}])";
}

TEST(ProtocolV2, EngineThatFiresUnderItsLockAndReportsNoneIsCaught) {
  auto engine =
      ProcessEngine::Start(Options(FakeV2Engine(MuUnderLock(R"(\"lock_held\":\"none\",)"))));
  ASSERT_FALSE(engine->broken()) << engine->error();
  EXPECT_EQ(engine->protocol(), 2);
  try {
    properties::RunSequence(engine.get(), {}, {Parse("Flush")});
    ADD_FAILURE() << "the lying engine was not caught";
  } catch (const EngineBroke& e) {
    EXPECT_EQ(e.state(), ProcessState::kBadReply);
    EXPECT_THAT(std::string(e.what()), HasSubstr("take_events #4: events[1] (callback seq 2, "
                                                 "thread 1) reports lock_held \"none\", but its "
                                                 "lock events show it holds the manifest write "
                                                 "lock (acquired at seq 1, site 'commit')"));
  }
}

// Without lock_held of its own, the callback still counts as under the lock: the checker's word.
TEST(ProtocolV2, LockHeldIsDerivedFromTheLockEvents) {
  auto engine = ProcessEngine::Start(Options(FakeV2Engine(MuUnderLock(""))));
  ASSERT_FALSE(engine->broken()) << engine->error();
  engine->Submit(Parse("Flush"));
  std::vector<HookEvent> events = engine->TakeEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].lock_held, LockHeld::kWrite);
  EXPECT_EQ(events[0].lock_site, "commit");
}

// serve reports its lock events; the seeded bug that fires MU under the lock is then caught by
// the lock rule on the derived value, and the clean engine conforms.
TEST(ProtocolV2, ServeReportsItsLockEvents) {
  const std::vector<model::Command> commands = {Parse("Put ts=1"), Parse("Flush")};
  auto mutant = ProcessEngine::Start(Options(Serve(" --mutant mu_under_manifest_lock")));
  ASSERT_EQ(mutant->protocol(), 2) << mutant->error();
  properties::RunResult bad = properties::RunSequence(mutant.get(), {}, commands);
  ASSERT_FALSE(bad.passed());
  EXPECT_THAT(properties::FormatRun(bad),
              HasSubstr("ran while its thread held the manifest write lock"));
  auto clean = ProcessEngine::Start(Options(Serve()));
  properties::RunResult good = properties::RunSequence(clean.get(), {}, commands);
  EXPECT_TRUE(good.passed()) << properties::FormatRun(good);
}

TEST(ProtocolV2, VersionOneEngineStillWorks) {
  auto engine = ProcessEngine::Start(Options(Serve(" --protocol 1")));
  ASSERT_FALSE(engine->broken()) << engine->error();
  EXPECT_EQ(engine->protocol(), 1);
  EXPECT_FALSE(engine->supports_reset());
  properties::RunResult run =
      properties::RunSequence(engine.get(), {}, {Parse("Put ts=1"), Parse("Flush")});
  EXPECT_TRUE(run.passed()) << properties::FormatRun(run);
  // And a checker that offers only version 1 gets version 1 from a version 2 engine.
  ProcessOptions v1 = Options(Serve());
  v1.max_protocol = 1;
  EXPECT_EQ(ProcessEngine::Start(v1)->protocol(), 1);
}

TEST(ProtocolV2, ResetStartsAFreshRegionInTheSameProcess) {
  auto engine = ProcessEngine::Start(Options(Serve()));
  ASSERT_TRUE(engine->supports_reset()) << engine->error();
  const pid_t pid = engine->pid();
  for (int i = 0; i < 3; ++i) {
    // Each sequence starts from nothing: file 1, version 1, seq from 1 again.
    properties::RunResult run =
        properties::RunSequence(engine.get(), {}, {Parse("Put ts=1"), Parse("Flush")});
    EXPECT_TRUE(run.passed()) << "sequence " << i << "\n" << properties::FormatRun(run);
    engine->WaitIdle();
    engine->Reset({});
    EXPECT_TRUE(engine->submitted().empty());
  }
  EXPECT_EQ(engine->resets(), 3u);
  EXPECT_EQ(engine->pid(), pid);
}

// Runs a shell command line; returns its stdout lines, the last one "exit=N".
std::vector<std::string> RunLines(const std::string& command) {
  std::vector<std::string> lines;
  FILE* pipe = ::popen((command + "; echo \"exit=$?\"").c_str(), "r");
  if (pipe == nullptr) return lines;
  std::string line;
  for (int c; (c = std::fgetc(pipe)) != EOF;) {
    if (c != '\n') {
      line += static_cast<char>(c);
      continue;
    }
    lines.push_back(line);
    line.clear();
  }
  ::pclose(pipe);
  return lines;
}

std::string Conform(const std::string& engine, const std::string& flags) {
  return ShellQuote(HOOKCHECK_BINARY) + " conform --engine-cmd " + ShellQuote(engine) + flags +
         " 2>/dev/null";
}

// The "N sequences in M engine processes (K resets)" of conform's summary.
struct Reuse {
  long sequences = -1, processes = -1, resets = -1;
};
Reuse ReuseOf(const std::vector<std::string>& lines) {
  Reuse r;
  const std::regex counts(
      "; ([0-9]+) sequences in ([0-9]+) engine process(es)? \\(([0-9]+) resets\\)\\)$");
  for (const std::string& line : lines) {
    std::smatch m;
    if (line.rfind("summary (", 0) != 0 || !std::regex_search(line, m, counts)) continue;
    r.sequences = std::stol(m[1]);
    r.processes = std::stol(m[2]);
    r.resets = std::stol(m[4]);
  }
  return r;
}

TEST(ProtocolV2, ConformReusesOneProcessForAVersionTwoEngine) {
  const std::vector<std::string> v2 = RunLines(Conform(Serve(), " --scenarios"));
  ASSERT_EQ(v2.back(), "exit=0") << ::testing::PrintToString(v2);
  const Reuse r2 = ReuseOf(v2);
  EXPECT_GT(r2.sequences, 20);
  EXPECT_EQ(r2.processes, 1);
  EXPECT_EQ(r2.resets, r2.sequences - 1);
  const std::vector<std::string> v1 = RunLines(Conform(Serve(" --protocol 1"), " --scenarios"));
  ASSERT_EQ(v1.back(), "exit=0") << ::testing::PrintToString(v1);
  const Reuse r1 = ReuseOf(v1);
  EXPECT_EQ(r1.sequences, r2.sequences);
  EXPECT_EQ(r1.processes, r1.sequences);  // one process per sequence
  EXPECT_EQ(r1.resets, 0);
}

// The report lines of a conform run, without the seconds and the reuse counts that -j changes.
std::vector<std::string> Verdicts(const std::vector<std::string>& lines) {
  const std::regex seconds(",? \\(?[0-9.e-]+ ?s\\)?$");  // "(0.4s)", ", 0.049 s"
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    if (line.rfind("summary (", 0) == 0 || line.rfind("hookcheck conform:", 0) == 0) continue;
    out.push_back(std::regex_replace(line, seconds, ""));
  }
  return out;
}

TEST(ProtocolV2, ConformWithJobsReportsWhatOneJobReports) {
  // A seeded bug the scenarios and the exhaustive replay both catch, so the failure reports
  // (diffs, shortest counterexample, reproduce lines) are compared too.
  const std::string engine = Serve(" --mutant hook_on_gc");
  // One configuration pinned: the matrix multiplies the run without changing what -j must keep.
  const std::string flags = " --sequences 5 --seed 7 --depth 2 --config contract=seed";
  const std::vector<std::string> one = RunLines(Conform(engine, flags + " -j 1"));
  const std::vector<std::string> three = RunLines(Conform(engine, flags + " -j 3"));
  ASSERT_EQ(one.back(), "exit=1") << ::testing::PrintToString(one);
  EXPECT_EQ(Verdicts(one), Verdicts(three));
  EXPECT_LE(ReuseOf(three).processes, 3);  // at most one per job; fewer if a job finished first
  EXPECT_GE(ReuseOf(three).processes, 1);
}

}  // namespace
}  // namespace hookcheck::engine
