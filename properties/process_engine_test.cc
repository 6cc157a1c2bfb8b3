// ProcessEngine against `hookcheck serve` (the reference engine behind the process protocol) and
// against children that misbehave: each failure is a distinct state with a one-line error, fast,
// and never a crash or a hang of the harness. The hookcheck binary's path comes from CMake
// (HOOKCHECK_BINARY); the tests are in properties/ because engine/ tests must not depend on cli/.
#include "engine/process_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/process_protocol.h"
#include "model/op_text.h"
#include "properties/sequential_runner.h"
#include "scenarios/scenario.h"

namespace hookcheck::engine {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

#ifndef HOOKCHECK_BINARY
#error "properties/CMakeLists.txt defines HOOKCHECK_BINARY, the path of the hookcheck executable"
#endif

std::string Serve(const std::string& flags = "") {
  return ShellQuote(HOOKCHECK_BINARY) + " serve" + flags;
}

ProcessOptions Options(const std::string& command, const model::ModelConfig& config = {}) {
  ProcessOptions o;
  o.command = command;
  o.config = config;
  o.reply_timeout =
      std::chrono::seconds(1);  // short: the misbehaving children must not slow the suite
  o.exit_grace = std::chrono::milliseconds(500);
  return o;
}

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

model::Command Parse(const char* line) { return *model::ParseCommand(line).command; }

TEST(ProcessEngine, ServePassesEveryNamedScenario) {
  int ran = 0;
  for (const scenarios::Scenario& s : scenarios::AllScenarios()) {
    ProcessOptions options = Options(Serve(), s.config);
    options.reply_timeout = std::chrono::seconds(10);
    auto engine = ProcessEngine::Start(options);
    ASSERT_FALSE(engine->broken()) << engine->error();
    scenarios::ScenarioOutcome outcome = scenarios::RunScenario(s, engine.get());
    EXPECT_TRUE(outcome.passed()) << s.name << "\n"
                                  << outcome.trace << ::testing::PrintToString(outcome.problems);
    ++ran;
  }
  EXPECT_GT(ran, 20);
}

TEST(ProcessEngine, HelloNamesTheServedEngineAndItsMutant) {
  auto engine = ProcessEngine::Start(Options(Serve(" --mutant hook_on_gc")));
  ASSERT_FALSE(engine->broken()) << engine->error();
  EXPECT_EQ(engine->engine_name(), "ref+mutant:hook_on_gc");
  EXPECT_THAT(engine->Name(), HasSubstr("process:"));
}

TEST(ProcessEngine, ServeWithMutantHookOnGcFailsAScenario) {
  int failed = 0;
  for (const scenarios::Scenario& s : scenarios::AllScenarios()) {
    ProcessOptions options = Options(Serve(" --mutant hook_on_gc"), s.config);
    options.reply_timeout = std::chrono::seconds(10);
    auto engine = ProcessEngine::Start(options);
    ASSERT_FALSE(engine->broken()) << engine->error();
    if (!scenarios::RunScenario(s, engine.get()).passed()) ++failed;
  }
  EXPECT_GE(failed, 1);
}

TEST(ProcessEngine, ServeRunsASequenceThatConforms) {
  auto engine = ProcessEngine::Start(Options(Serve()));
  ASSERT_FALSE(engine->broken()) << engine->error();
  const std::vector<model::Command> commands = {
      Parse("Put ts=1"), Parse("Flush"), Parse("EnterStaging expr=1"), Parse("Remap files=1"),
      Parse("ApplyStaging expr=1")};
  properties::RunResult run = properties::RunSequence(engine.get(), {}, commands);
  EXPECT_TRUE(run.passed()) << properties::FormatRun(run);
  EXPECT_EQ(engine->submitted().size(), commands.size());
}

// Runs one Submit on a child that misbehaves and returns the error, checking that the failure
// is sticky, thrown as EngineBroke and quick.
std::string BreakOn(const std::string& command, ProcessState expected) {
  const Clock::time_point start = Clock::now();
  std::string error;
  {
    auto engine = ProcessEngine::Start(Options(command));
    try {
      engine->Submit(Parse("Put ts=1"));
      ADD_FAILURE() << "Submit returned on a broken engine: " << command;
    } catch (const EngineBroke& e) {
      EXPECT_EQ(e.state(), expected) << e.what();
      error = e.what();
    }
    EXPECT_TRUE(engine->broken());
    EXPECT_EQ(engine->state(), expected);
    EXPECT_EQ(engine->error(), error);
    EXPECT_THROW(engine->WaitIdle(), EngineBroke);  // sticky
    EXPECT_EQ(error.find('\n'), std::string::npos) << "not one line: " << error;
  }  // the destructor must not hang either
  EXPECT_LT(Since(start), 5.0) << command;
  return error;
}

TEST(ProcessEngine, ChildThatExitsImmediatelyIsReportedWithItsStatus) {
  EXPECT_THAT(BreakOn("exit 3", ProcessState::kExited), HasSubstr("exited with status 3"));
}

TEST(ProcessEngine, ChildKilledBySignalIsReportedWithTheSignal) {
  EXPECT_THAT(BreakOn("kill -TERM $$", ProcessState::kExited),
              HasSubstr("killed by signal 15 (SIGTERM)"));
}

TEST(ProcessEngine, MissingCommandIsReportedWithTheShellsMessage) {
  const std::string error = BreakOn("/nonexistent/engine-binary", ProcessState::kExited);
  EXPECT_THAT(error, HasSubstr("exited with status 127"));
  EXPECT_THAT(error, HasSubstr("stderr:"));
}

TEST(ProcessEngine, ChildThatPrintsGarbageIsMalformedJson) {
  const std::string error = BreakOn("/bin/echo not-json", ProcessState::kMalformedJson);
  EXPECT_THAT(error, HasSubstr("not JSON"));
  EXPECT_THAT(error, HasSubstr("'not-json'"));
}

TEST(ProcessEngine, ChildThatHangsTimesOutAndIsKilled) {
  const Clock::time_point start = Clock::now();
  const std::string error = BreakOn("sleep 60", ProcessState::kTimedOut);
  EXPECT_THAT(error, HasSubstr("did not reply to hello #1 within 1.0 s"));
  EXPECT_LT(Since(start), 4.0);
}

TEST(ProcessEngine, ReplyWithTheWrongIdIsWrongId) {
  EXPECT_THAT(
      BreakOn(R"(read l; echo '{"id":99,"protocol":1}'; cat >/dev/null)", ProcessState::kWrongId),
      HasSubstr("replied with id 99 to hello #1 (expected id 1)"));
}

TEST(ProcessEngine, ReplyThatMissesTheSchemaNamesTheField) {
  const std::string greet = R"(read l; echo '{"id":1,"protocol":1}'; )";
  EXPECT_THAT(BreakOn(greet + R"(read l; echo '{"id":2,"result":"Okay"}'; cat >/dev/null)",
                      ProcessState::kBadReply),
              HasSubstr("result: 'Okay' is not an error code"));
  EXPECT_THAT(
      BreakOn(R"(read l; echo '{"id":1,"protocol":7}'; cat >/dev/null)", ProcessState::kBadReply),
      HasSubstr("speaks protocol 7"));
  EXPECT_THAT(
      BreakOn(greet + R"(read l; echo '{"id":2,"error":"no such op"}'; cat >/dev/null)",
              ProcessState::kErrorReply),
      ::testing::AllOf(HasSubstr("refused submit #2 (Put ts=1"), HasSubstr("): no such op")));
}

TEST(ProcessEngine, ObservationThatMissesTheSchemaNamesTheField) {
  auto engine = ProcessEngine::Start(Options(
      R"(read l; echo '{"id":1,"protocol":1}'; read l; echo '{"id":2,"observation":{"presence":"open","role":"W",)"
      R"("live_files":[1,"x"],"manifest_version":0,"staged_actions":[],"live_partition_expr":0}}'; cat >/dev/null)"));
  ASSERT_FALSE(engine->broken()) << engine->error();
  try {
    engine->Observe();
    ADD_FAILURE() << "Observe returned";
  } catch (const EngineBroke& e) {
    EXPECT_EQ(e.state(), ProcessState::kBadReply);
    EXPECT_THAT(e.what(),
                HasSubstr("observation.live_files[1]: expected an unsigned integer, got \"x\""));
  }
}

// A shell snippet that prints `before`, then `depth` '[' and as many ']', then `after` and a newline.
std::string Nested(const std::string& before, int depth, const std::string& after) {
  return "awk 'BEGIN{printf \"" + before + "\"; for(i=0;i<" + std::to_string(depth) +
         ";i++) printf \"[\"; for(i=0;i<" + std::to_string(depth) + ";i++) printf \"]\"; print \"" +
         after + "\"}'";
}

// Runs a shell command line, returns its stdout lines (the last one "exit=N").
std::vector<std::string> RunLines(const std::string& command) {
  std::vector<std::string> lines;
  FILE* pipe = ::popen((command + "; echo \"exit=$?\"").c_str(), "r");
  if (pipe == nullptr) return lines;
  std::string line;
  int c;
  while ((c = std::fgetc(pipe)) != EOF) {
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line += static_cast<char>(c);
    }
  }
  ::pclose(pipe);
  return lines;
}

// JSON nested far deeper than the protocol allows is refused at the parse, with one line,
// whether it is the whole reply or a field the checker quotes or decodes.
TEST(ProcessEngine, ReplyNestedTooDeepIsRefusedNotAStackOverflow) {
  const std::string error = BreakOn("read l; " + Nested("", 100000, "") + "; cat >/dev/null",
                                    ProcessState::kMalformedJson);
  EXPECT_THAT(error,
              HasSubstr("replied to hello #1 with JSON nested deeper than 64 levels: '[[[["));
  EXPECT_LT(error.size(), 400u);
  EXPECT_THAT(BreakOn("read l; " + Nested("{\\\"id\\\":1,\\\"protocol\\\":", 100000, "}") +
                          "; cat >/dev/null",
                      ProcessState::kMalformedJson),
              HasSubstr("nested deeper than 64 levels"));
  const std::string greet = R"(read l; echo '{"id":1,"protocol":1}'; read l; )";
  EXPECT_THAT(
      BreakOn(greet + Nested("{\\\"id\\\":2,\\\"result\\\":", 100000, "}") + "; cat >/dev/null",
              ProcessState::kMalformedJson),
      HasSubstr("replied to submit #2 (Put ts=1) with JSON nested deeper than 64 levels"));
  // 64 levels is still JSON: the field is reported as the wrong type, quoted within a bound.
  const std::string shallow =
      BreakOn(greet + Nested("{\\\"id\\\":2,\\\"result\\\":", 63, "}") + "; cat >/dev/null",
              ProcessState::kBadReply);
  EXPECT_THAT(shallow, HasSubstr("result: expected an error code name, got [[[["));
  EXPECT_LT(shallow.size(), 400u);
}

TEST(ProcessEngine, ReplayOfAnEngineNestingTooDeepExitsWithFour) {
  const std::string engine =
      "read l; " + Nested("{\\\"id\\\":1,\\\"protocol\\\":", 100000, "}") + "; cat >/dev/null";
  const std::vector<std::string> lines =
      RunLines(ShellQuote(HOOKCHECK_BINARY) + " replay --ops 'Put ts=1' --engine-cmd " +
               ShellQuote(engine) + " 2>&1");
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), "exit=4") << ::testing::PrintToString(lines);
  bool found = false;
  for (const std::string& l : lines) {
    if (l.find("nested deeper than 64 levels") != std::string::npos) {
      found = true;
      EXPECT_LT(l.size(), 600u) << l.substr(0, 200);
    }
  }
  EXPECT_TRUE(found) << ::testing::PrintToString(lines);
}

TEST(ProcessProtocol, DepthPreScanCountsOnlyBracketsOutsideStrings) {
  using protocol::NestedDeeperThan;
  EXPECT_FALSE(NestedDeeperThan(std::string(64, '[') + std::string(64, ']'), 64));
  EXPECT_TRUE(NestedDeeperThan(std::string(65, '[') + std::string(65, ']'), 64));
  EXPECT_TRUE(NestedDeeperThan("{\"a\":[{\"b\":[]}]}", 3));
  EXPECT_FALSE(NestedDeeperThan("{\"a\":[{\"b\":[]}]}", 4));
  EXPECT_FALSE(
      NestedDeeperThan("[\"[[[[\\\"[[[[\",[]]", 2));   // brackets and an escaped quote in a string
  EXPECT_FALSE(NestedDeeperThan("[[],[],[],[]]", 2));  // siblings do not add up
  std::string error;
  EXPECT_FALSE(protocol::ParseLine(std::string(65, '[') + std::string(65, ']'), &error));
  EXPECT_EQ(error, "JSON nested deeper than 64 levels");
  EXPECT_FALSE(protocol::ParseLine("[1,", &error));
  EXPECT_EQ(error, "not JSON");
  EXPECT_TRUE(protocol::ParseLine(std::string(64, '[') + std::string(64, ']'), &error));
}

TEST(ProcessProtocol, ShowQuotesABoundedPrefix) {
  EXPECT_EQ(protocol::Show(nlohmann::json("x")), "\"x\"");
  EXPECT_EQ(protocol::Show(nlohmann::json::parse(R"({"a":[1,true,null]})")),
            R"({"a":[1,true,null]})");
  const std::string big = protocol::Show(nlohmann::json(std::string(1 << 20, 'y')), 40);
  EXPECT_EQ(big, "\"" + std::string(39, 'y') + "...");
  nlohmann::json wide = nlohmann::json::array();
  for (int i = 0; i < 100000; ++i) wide.push_back(i);
  EXPECT_LE(protocol::Show(wide, 40).size(), 43u);
  EXPECT_EQ(protocol::Show(nlohmann::json("\xc3\xa9\xc3\xa9"), 2),
            "\"...");  // no cut inside a character
  EXPECT_EQ(protocol::Excerpt("a\xc3\xa9\xc3\xa9", 4), "a\xc3\xa9...");
}

TEST(ProcessEngine, ShellQuoteSurvivesQuotes) {
  EXPECT_EQ(ShellQuote("a b"), "'a b'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
}

// The serve side: a malformed request gets an error reply and the loop goes on. The n-th request
// line must carry id n, and `hello` comes first (docs/process-protocol.md).
TEST(ServeCommand, MalformedRequestsGetErrorRepliesNotACrash) {
  const std::string input =
      "garbage\\n"
      "[1,2]\\n"
      "{\"id\":3,\"type\":\"nope\"}\\n"
      "{\"id\":4,\"type\":\"hello\",\"protocol\":1,\"config\":{\"contract\":\"v9\"}}\\n"
      "{\"id\":5,\"type\":\"submit\",\"command\":\"Put ts=1\"}\\n"
      "{\"id\":6,\"type\":\"hello\",\"protocol\":1}\\n"
      "{\"id\":7,\"type\":\"submit\",\"command\":\"Flsh\"}\\n"
      "{\"id\":8,\"type\":\"submit\"}\\n"
      "{\"type\":\"observe\"}\\n"
      "{\"id\":11,\"type\":\"observe\"}\\n"
      "{\"id\":\"11\",\"type\":\"observe\"}\\n"
      "{\"id\":12,\"type\":\"submit\",\"command\":\"Put ts=1\"}\\n";
  const std::vector<std::string> lines = RunLines("printf '" + input + "' | " + Serve());
  ASSERT_EQ(lines.size(), 13u) << ::testing::PrintToString(lines);
  std::vector<nlohmann::json> replies;
  for (size_t i = 0; i < 12; ++i) {
    replies.push_back(nlohmann::json::parse(lines[i], nullptr, false));
    ASSERT_TRUE(replies.back().is_object()) << lines[i];
  }
  auto error = [&](size_t i) { return replies[i].value("error", std::string("(no error)")); };
  EXPECT_TRUE(replies[0]["id"].is_null());
  EXPECT_THAT(error(0), HasSubstr("malformed JSON: 'garbage'"));
  EXPECT_THAT(error(1), HasSubstr("must be a JSON object"));
  EXPECT_EQ(replies[2]["id"], 3);
  EXPECT_THAT(error(2), HasSubstr("unknown request type 'nope'"));
  EXPECT_THAT(error(3), HasSubstr("config.contract"));
  EXPECT_EQ(replies[4]["id"], 5);
  EXPECT_THAT(error(4), HasSubstr("submit before hello"));
  EXPECT_EQ(replies[5]["protocol"], 1);
  EXPECT_EQ(replies[6]["id"], 7);
  EXPECT_THAT(error(6), HasSubstr("unknown op 'Flsh'"));
  EXPECT_THAT(error(7), HasSubstr("command: missing"));
  EXPECT_TRUE(replies[8]["id"].is_null());
  EXPECT_THAT(error(8), HasSubstr("id: missing (expected 9)"));
  EXPECT_EQ(replies[9]["id"], 11);
  EXPECT_THAT(error(9), HasSubstr("id: expected 10, got 11"));
  EXPECT_TRUE(replies[10]["id"].is_null());  // not an id: not echoed
  EXPECT_THAT(error(10), HasSubstr("id: expected 11, got \"11\""));
  EXPECT_EQ(replies[11]["id"], 12);
  EXPECT_EQ(replies[11]["result"], "Ok");
  EXPECT_EQ(lines[12], "exit=0");
}

// The serve side: a huge value in a request is quoted as a bounded prefix, never echoed whole.
TEST(ServeCommand, HugeValuesAreNotEchoedBack) {
  const std::string huge(1 << 20, 'x');
  char path[] = "/tmp/hookcheck-huge-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    std::ofstream out(path);
    out << "{\"id\":1,\"type\":\"hello\",\"protocol\":1,\"config\":{\"contract\":\"seed\",\"auto_"
           "compact_threshold\":0,"
           "\"index_mode\":\""
        << huge
        << "\",\"skip_wal\":false,\"index_build_slots\":1,\"remote_counter\":\"upstream\"}}\n"
        << "{\"id\":2,\"type\":\"hello\",\"protocol\":\"" << huge << "\"}\n"
        << "{\"id\":3,\"type\":\"hello\",\"protocol\":1}\n"
        << "{\"id\":4,\"type\":\"submit\",\"command\":\"Put ts=" << huge << "\"}\n"
        << "{\"id\":5,\"type\":\"submit\",\"command\":\"" << huge << "\"}\n"
        << "{\"id\":6,\"type\":\"" << huge << "\"}\n"
        << "{\"id\":\"" << huge << "\",\"type\":\"observe\"}\n"
        << huge << "\n";
  }
  const std::vector<std::string> lines = RunLines(Serve() + " < " + path);
  std::remove(path);
  ASSERT_EQ(lines.size(), 9u) << ::testing::PrintToString(lines).substr(0, 2000);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_LT(lines[i].size(), 400u) << i << ": " << lines[i].substr(0, 400);
    if (i != 2) EXPECT_THAT(lines[i], HasSubstr("xxx...")) << i;
  }
  EXPECT_EQ(lines[8], "exit=0");
}

// The serve side: a request line longer than 4 MiB is refused without being held whole, counts as
// a request, and the next request is served.
TEST(ServeCommand, OverlongRequestLineIsRefused) {
  char path[] = "/tmp/hookcheck-long-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    std::ofstream out(path);
    out << "{\"id\":1,\"type\":\"hello\",\"protocol\":1}\n"
        << "{\"id\":2,\"type\":\"submit\",\"command\":\"" << std::string(5 << 20, 'x') << "\"}\n"
        << "{\"id\":3,\"type\":\"submit\",\"command\":\"Put ts=1\"}\n";
  }
  const std::vector<std::string> lines = RunLines(Serve() + " < " + path);
  std::remove(path);
  ASSERT_EQ(lines.size(), 4u) << ::testing::PrintToString(lines).substr(0, 2000);
  nlohmann::json refused = nlohmann::json::parse(lines[1], nullptr, false);
  EXPECT_TRUE(refused["id"].is_null());
  EXPECT_THAT(refused.value("error", ""), HasSubstr("request line longer than 4 MiB"));
  EXPECT_LT(lines[1].size(), 400u);
  EXPECT_EQ(nlohmann::json::parse(lines[2], nullptr, false)["result"], "Ok") << lines[2];
  EXPECT_EQ(lines[3], "exit=0");
}

// A hostile decoder input: the enum decoders quote a bounded prefix of the peer's string.
TEST(ProcessProtocol, DecoderErrorsQuoteABoundedPrefix) {
  const std::string huge(1 << 20, 'x');
  std::string error;
  nlohmann::json config = protocol::ToJson(model::ModelConfig{});
  for (const char* key : {"contract", "index_mode", "remote_counter"}) {
    nlohmann::json c = config;
    c[key] = huge;
    EXPECT_FALSE(protocol::ConfigFromJson(c, "config", &error));
    EXPECT_LT(error.size(), 200u) << key;
  }
  nlohmann::json o = protocol::ToJson(model::Observation{});
  for (const char* key : {"presence", "role"}) {
    nlohmann::json c = o;
    c[key] = huge;
    EXPECT_FALSE(protocol::ObservationFromJson(c, "observation", &error));
    EXPECT_LT(error.size(), 200u) << key;
  }
}

// Everything an engine sends is data: a name with a newline cannot forge a line of conform's
// report.
TEST(ConformCommand, HostileEngineNameCannotForgeAReportLine) {
  const std::string engine =
      R"(read l; printf '%s\n' '{"id":1,"protocol":1,"engine":"x\nPASS forged\rFAIL forged"}'; exit 0)";
  const std::vector<std::string> lines =
      RunLines(ShellQuote(HOOKCHECK_BINARY) + " conform --scenarios --engine-cmd " +
               ShellQuote(engine) + " 2>&1");
  ASSERT_FALSE(lines.empty());
  bool named = false;
  for (const std::string& line : lines) {
    EXPECT_NE(line.rfind("PASS forged", 0), 0u) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;
    if (line.find("hello: x\\x0aPASS forged\\x0dFAIL forged") != std::string::npos) named = true;
  }
  EXPECT_TRUE(named) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines.back(), "exit=4");
}

// A segfault behind the shell (status 128+N) is reported as the signal, with the engine's last
// stderr line.
TEST(ProcessEngine, SignalBehindTheShellIsReportedAsTheSignal) {
  const std::string error =
      BreakOn("read l; sh -c 'echo panicked at src/main.rs >&2; kill -SEGV $$'; exit $?",
              ProcessState::kExited);
  EXPECT_THAT(error, HasSubstr("killed by signal 11 (SIGSEGV)"));
  EXPECT_THAT(error, HasSubstr("panicked at src/main.rs"));
}

TEST(ProcessEngine, ShortTimeoutIsPrintedWithItsPrecision) {
  ProcessOptions options = Options("sleep 60");
  options.reply_timeout = std::chrono::milliseconds(40);
  auto engine = ProcessEngine::Start(options);
  ASSERT_TRUE(engine->broken());
  EXPECT_THAT(engine->error(), HasSubstr("within 0.04 s"));
}

TEST(ProcessEngine, ClosedStdoutIsReportedAsSuch) {
  const Clock::time_point start = Clock::now();
  const std::string error = BreakOn("read l; exec >&-; sleep 5", ProcessState::kExited);
  EXPECT_THAT(error, HasSubstr("closed its stdout"));
  EXPECT_LT(Since(start), 3.0);
}

TEST(ProcessEngine, SecondReplyToOneRequestIsBlamedOnThatRequest) {
  const std::string error = BreakOn(
      R"(read l; echo '{"id":1,"protocol":1}'; echo '{"id":1,"protocol":1}'; cat >/dev/null)",
      ProcessState::kWrongId);
  EXPECT_THAT(error, HasSubstr("second reply to hello #1"));
}

// The serve side: an id, protocol or config nested too deep gets an error reply (id null: the id
// could not be read), and the next request is served.
TEST(ServeCommand, RequestNestedTooDeepGetsAnErrorReplyNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  char path[] = "/tmp/hookcheck-deep-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    std::ofstream out(path);
    out << "{\"id\":" << deep << ",\"type\":\"hello\",\"protocol\":1}\n"
        << "{\"id\":2,\"type\":\"hello\",\"protocol\":" << deep << "}\n"
        << "{\"id\":3,\"type\":\"hello\",\"protocol\":1,\"config\":{\"contract\":" << deep << "}}\n"
        << "{\"id\":4,\"type\":\"hello\",\"protocol\":1,\"config\":{\"contract\":"
        << std::string(62, '[') << std::string(62, ']') << "}}\n"
        << "{\"id\":5,\"type\":\"hello\",\"protocol\":1}\n";
  }
  const std::vector<std::string> lines = RunLines(Serve() + " < " + path);
  std::remove(path);
  ASSERT_EQ(lines.size(), 6u) << ::testing::PrintToString(lines).substr(0, 2000);
  for (size_t i = 0; i < 3; ++i) {
    nlohmann::json reply = nlohmann::json::parse(lines[i], nullptr, false);
    ASSERT_TRUE(reply.is_object()) << lines[i].substr(0, 200);
    EXPECT_TRUE(reply["id"].is_null());
    EXPECT_THAT(reply["error"].get<std::string>(), HasSubstr("nested deeper than 64 levels"));
    EXPECT_LT(lines[i].size(), 400u);
  }
  nlohmann::json shallow = nlohmann::json::parse(lines[3], nullptr, false);
  EXPECT_EQ(shallow["id"], 4);
  EXPECT_THAT(shallow["error"].get<std::string>(),
              HasSubstr("config.contract: expected a string, got [[[["));
  EXPECT_LT(lines[3].size(), 400u);
  nlohmann::json hello = nlohmann::json::parse(lines[4], nullptr, false);
  EXPECT_EQ(hello["id"], 5);
  EXPECT_EQ(hello["protocol"], 1);
  EXPECT_EQ(lines[5], "exit=0");
}

}  // namespace
}  // namespace hookcheck::engine
