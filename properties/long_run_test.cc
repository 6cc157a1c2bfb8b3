// Long runs (issue 13, items 5 and 6): conform's conformance report as JSON and JUnit XML, the
// progress line on stderr, Ctrl-C (SIGINT) ending `conform`, `property` and `explore` with the
// summary of what ran marked unknown (a failure found first kept), and `conform --time-limit`.
// Each run is a subprocess; SIGINT is sent once a progress line shows the run is where the test
// wants it, so nothing here depends on timing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/process_engine.h"
#include "model/op_text.h"
#include "properties/conformance_report.h"

namespace hookcheck::properties {
namespace {

using ::testing::HasSubstr;

const std::string kBin = engine::ShellQuote(HOOKCHECK_BINARY);

struct Ran {
  int exit_code = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `args` of hookcheck in the background with a progress line per tick; once its stderr
// contains `wait_for` (empty: do not interrupt), sends it SIGINT. Returns its exit code and output.
Ran RunHookcheck(const std::string& args, const std::string& wait_for = "") {
  char dir[] = "/tmp/hookcheck-longrun-XXXXXX";
  if (::mkdtemp(dir) == nullptr) return {};
  const std::string d = dir;
  std::string script = "HOOKCHECK_PROGRESS_SECONDS=0 " + kBin + " " + args + " >" + d + "/out 2>" +
                       d + "/err & pid=$!; ";
  if (!wait_for.empty()) {
    // Waits for the line (or for the run to end without it), then interrupts.
    script += "while ! grep -qF " + engine::ShellQuote(wait_for) + " " + d +
              "/err && kill -0 $pid 2>/dev/null; do "
              "sleep 0.05; done; kill -INT $pid 2>/dev/null; ";
  }
  script += "wait $pid; echo $? >" + d + "/rc";
  std::system(("sh -c " + engine::ShellQuote(script)).c_str());
  Ran r;
  r.exit_code = std::atoi(Slurp(d + "/rc").c_str());
  r.out = Slurp(d + "/out");
  r.err = Slurp(d + "/err");
  std::system(("rm -rf " + d).c_str());
  return r;
}

std::string Serve(const std::string& flags = "") {
  return engine::ShellQuote(HOOKCHECK_BINARY + std::string(" serve") + flags);
}

TEST(ConformReport, JsonAndJUnitNameTheFailingCell) {
  char xml[] = "/tmp/hookcheck-junit-XXXXXX";
  ASSERT_GE(::mkstemp(xml), 0);
  const Ran bad = RunHookcheck("conform --scenarios --json --junit " + std::string(xml) +
                               " --engine-cmd " + Serve(" --mutant hook_on_gc"));
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  const nlohmann::json j = nlohmann::json::parse(bad.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << bad.out.substr(0, 500);
  EXPECT_EQ(j["exit_code"], 1);
  std::vector<std::string> failing;
  bool some_pass = false;
  for (const nlohmann::json& cell : j["report"]) {
    if (cell["verdict"] == "fail")
      failing.push_back(cell["op"].get<std::string>() + " " + cell["callback"].get<std::string>());
    some_pass |= cell["verdict"] == "pass";
  }
  EXPECT_THAT(failing, ::testing::Contains(HasSubstr("Gc"))) << ::testing::PrintToString(failing);
  EXPECT_TRUE(some_pass);
  const std::string junit = Slurp(xml);
  std::remove(xml);
  EXPECT_THAT(junit, HasSubstr("<testsuite name=\"hookcheck conform\""));
  EXPECT_THAT(junit, HasSubstr("name=\"named scenarios\"><failure"));
  EXPECT_THAT(junit, HasSubstr("<skipped message=\"no checked step exercised this cell\"/>"));

  const Ran good = RunHookcheck("conform --scenarios --json --engine-cmd " + Serve());
  EXPECT_EQ(good.exit_code, 0) << good.err;
  const nlohmann::json g = nlohmann::json::parse(good.out, nullptr, false);
  ASSERT_TRUE(g.is_object());
  for (const nlohmann::json& cell : g["report"]) EXPECT_NE(cell["verdict"], "fail") << cell.dump();
}

TEST(ConformanceReport, CellsPassFailOrStayUnknown) {
  ConformanceReport report;
  const model::ModelConfig config;
  report.Expect(config);
  RunResult run;
  StepRecord put;
  put.command = *model::ParseCommand("Put ts=1").command;
  StepRecord flush;
  flush.command = *model::ParseCommand("Flush").command;
  flush.expect.calls.resize(2);
  flush.expect.calls[0].callback = model::Callback::kSstFilesWritten;
  flush.problems.push_back("expected SFW, saw nothing");
  run.steps = {put, flush};
  run.failed_index = 1;
  report.Add(config, run);
  const std::string label = ConformanceReport::ConfigLabel(config);
  EXPECT_EQ(report.Verdict(label, "Put", "none"), CellVerdict::kPass);
  EXPECT_EQ(report.Verdict(label, "Flush", "SFW"), CellVerdict::kFail);
  EXPECT_EQ(report.Verdict(label, "Flush", "MU"), CellVerdict::kFail);
  EXPECT_EQ(report.Verdict(label, "Flush", "none"), CellVerdict::kUnknown);
  EXPECT_EQ(report.Verdict(label, "Gc", "none"), CellVerdict::kUnknown);
  EXPECT_THAT(report.ToText(), HasSubstr("FAIL 1"));
}

TEST(LongRun, ConformPrintsProgressOnStderr) {
  const Ran r = RunHookcheck("conform --scenarios --engine-cmd " + Serve());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("conform: named scenarios: "));
  EXPECT_THAT(r.err, ::testing::ContainsRegex("[0-9]+/[0-9]+ scenarios, [0-9.]+/s"));
  EXPECT_THAT(r.out,
              ::testing::Not(HasSubstr("conform: named scenarios: ")));  // stdout is the report's
}

// Ctrl-C in the generated sequences, after the scenarios found the seeded bug: the failure is
// kept (exit 1) and the rest is unknown; on the clean engine the run is unknown (exit 3). The bug
// lives on the auto-compaction path, which the default config's generated sequences never take,
// so the run is still in them when the signal comes.
TEST(LongRun, CtrlCInConformKeepsTheFailureAndMarksTheRestUnknown) {
  const std::string flags = " --sequences 200000 --depth 2 --engine-cmd ";
  const Ran bad = RunHookcheck("conform" + flags + Serve(" --mutant compaction_not_rescheduled"),
                               "conform: generated sequences: ");
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_THAT(bad.out, HasSubstr("FAIL    named scenarios"));
  EXPECT_THAT(bad.out, HasSubstr("UNKNOWN generated sequences  stopped:"));
  EXPECT_THAT(bad.out, HasSubstr("interrupted (Ctrl-C)"));
  EXPECT_THAT(
      bad.out,
      HasSubstr(
          "UNKNOWN exhaustive replay    unknown: not reached (stopped: interrupted (Ctrl-C))"));

  const Ran good = RunHookcheck("conform" + flags + Serve(), "conform: generated sequences: ");
  EXPECT_EQ(good.exit_code, 3) << good.out;
  EXPECT_THAT(good.out, HasSubstr("PASS    named scenarios"));
  EXPECT_THAT(good.out, HasSubstr("UNKNOWN generated sequences"));
  EXPECT_THAT(good.out, HasSubstr("summary (engine"));
}

TEST(LongRun, TimeLimitBoundsTheWholeConformRun) {
  // Each engine takes 0.2 s to start, far past the limit: the first sequence runs, no other.
  const Ran r = RunHookcheck(
      "conform --time-limit 0.01 --protocol 1 --engine-cmd " +
      engine::ShellQuote("sleep 0.2; exec " + std::string(HOOKCHECK_BINARY) + " serve"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_THAT(r.out, HasSubstr("not run (stopped: time limit 0.01 s reached)"));
  EXPECT_THAT(r.out, HasSubstr("UNKNOWN exhaustive replay    unknown: not reached (stopped: time "
                               "limit 0.01 s reached)"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("PASS ")));
}

TEST(LongRun, CtrlCInPropertyPrintsWhatRanAsUnknown) {
  const Ran r = RunHookcheck("property --sequences 200000", "property: generated sequences: ");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("UNKNOWN: stopped (interrupted (Ctrl-C)) after "));
}

TEST(LongRun, CtrlCInExploreIsUnknown) {
  const Ran r = RunHookcheck("explore --depth 12", "explore: model states: ");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("stopped (interrupted (Ctrl-C)) after "));
}

}  // namespace
}  // namespace hookcheck::properties
