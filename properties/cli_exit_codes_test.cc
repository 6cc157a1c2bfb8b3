// Runs the built `hookcheck` binary (HOOKCHECK_BINARY) on inputs that check nothing or are
// malformed, and checks the exit code the README promises (issue 12 items 3 and 4): 2 for bad
// input, never 0 for a run that checked nothing, never 1 (a violation) for a typo.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "engine/process_engine.h"
#include "properties/property_runner.h"

namespace hookcheck::properties {
namespace {

#ifndef HOOKCHECK_BINARY
#error "properties/CMakeLists.txt defines HOOKCHECK_BINARY, the path of the hookcheck executable"
#endif

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `env_and_args` after the binary's path: "RC_PARAMS=x" prefixes are passed through `env`.
CliRun Hookcheck(const std::string& args, const std::string& env = "") {
  const std::string command = env + (env.empty() ? "" : " ") +
                              engine::ShellQuote(HOOKCHECK_BINARY) + " " + args +
                              " 2>&1 </dev/null";
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string TempFile(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("hookcheck_exit_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// Item 3: nothing checked is not a pass.
TEST(CliExitCodes, PropertyWithMaxSuccessZeroIsBadInput) {
  CliRun run = Hookcheck("property", "RC_PARAMS='max_success=0'");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("max_success=0"), std::string::npos) << run.output;
}

TEST(CliExitCodes, PropertyWithAReproduceTokenOfAnotherPropertyIsBadInput) {
  const std::string token = ReproduceTokenFor("SomeOther/Property");
  CliRun run = Hookcheck("property", "RC_PARAMS='reproduce=" + token + "'");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("SomeOther/Property"), std::string::npos) << run.output;
}

// A replay string that does not fit the run is bad input, with the divergence named.
TEST(CliExitCodes, AScheduleThatDoesNotFitIsBadInput) {
  CliRun run = Hookcheck("replay --ops 'Put ts=1; Flush' --schedule replay:9");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("replay diverged"), std::string::npos) << run.output;
  run = Hookcheck("replay --ops 'Put ts=1' --schedule bogus");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  run = Hookcheck("replay --ops 'Put ts=1' --runtime fibers");
  EXPECT_EQ(run.exit_code, 2) << run.output;
}

TEST(CliExitCodes, ReplayOfNothingIsBadInput) {
  for (const std::string& args :
       {"replay " + TempFile("empty.seq", ""), "replay " + TempFile("comments.seq", "# x\n\n"),
        std::string("replay --ops ';'")}) {
    CliRun run = Hookcheck(args);
    EXPECT_EQ(run.exit_code, 2) << args << "\n" << run.output;
    EXPECT_NE(run.output.find("no commands"), std::string::npos) << args << "\n" << run.output;
  }
}

std::string ReadBack(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// replay --write-golden: writes the model's goldens after a passing run (exit 0), writes nothing
// after a failing one (exit 1), and needs a file (--ops is bad input, 2).
TEST(CliExitCodes, WriteGoldenWritesOnlyAfterAPassingRunOfAFile) {
  const std::string plain = "# pins a flush\nPut ts=1\nFlush\n";
  const std::string path = TempFile("golden.seq", plain);
  CliRun failing = Hookcheck("replay --write-golden --mutant sfw_after_mu " + path);
  EXPECT_EQ(failing.exit_code, 1) << failing.output;
  EXPECT_EQ(ReadBack(path), plain);
  CliRun run = Hookcheck("replay --write-golden " + path);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(
      ReadBack(path),
      "# pins a flush\nPut ts=1\n#= Ok: nothing\nFlush\n#= Ok: SFW [1] -> MU v1 [Edit(+1)]\n");
  EXPECT_NE(run.output.find("steps 2, changed 2"), std::string::npos) << run.output;
  CliRun again = Hookcheck("replay --write-golden " + path);
  EXPECT_NE(again.output.find("steps 2, changed 0"), std::string::npos) << again.output;
  CliRun inline_ops = Hookcheck("replay --write-golden --ops 'Put ts=1'");
  EXPECT_EQ(inline_ops.exit_code, 2) << inline_ops.output;
  std::filesystem::remove(path);
}

// Item 4: a malformed RC_PARAMS is bad input (2), one line, not RapidCheck's exit 1.
TEST(CliExitCodes, MalformedRcParamsIsBadInput) {
  for (const char* params : {"max_success=abc", "seed=abc", "reproduce=garbage"}) {
    CliRun run = Hookcheck("property --sequences 1", std::string("RC_PARAMS='") + params + "'");
    EXPECT_EQ(run.exit_code, 2) << params << "\n" << run.output;
    EXPECT_NE(run.output.find("RC_PARAMS"), std::string::npos) << params << "\n" << run.output;
  }
}

TEST(CliExitCodes, ExploreDepthZeroIsBadInput) {
  // Depth 0 checks no edge: the search would fail with no reproduction, the replay would pass.
  for (const char* args : {"explore --depth 0", "explore --conform 0", "check --depth 0"}) {
    CliRun run = Hookcheck(args);
    EXPECT_EQ(run.exit_code, 2) << args << "\n" << run.output;
  }
}

// Issue 13 item 4: every configuration by default, --config pins one.
TEST(CliExitCodes, BadConfigAndAContractsConflictAreBadInput) {
  for (const char* args :
       {"check --config 'colour=red'", "check --config 'auto_compact_threshold=1'",
        "check --config 'contract=v3' --contracts seed", "check --contracts v9",
        "conform --engine-cmd true --config 'skip_wal=2'"}) {
    CliRun run = Hookcheck(args);
    EXPECT_EQ(run.exit_code, 2) << args << "\n" << run.output;
  }
}

// The last line of a `check --json` run, parsed.
nlohmann::json LastJson(const std::string& output) {
  const size_t start = output.rfind("\n{");
  return nlohmann::json::parse(output.substr(start == std::string::npos ? 0 : start + 1));
}

TEST(CliExitCodes, CheckCoversTheMatrixAndNamesEveryConfiguration) {
  // Depth 5: the full suites require every coverage row, and a shallower exploration reaches fewer.
  const std::string small = " --sequences 100 --depth 5 --replay-depth 1 --seed 5 --json";
  CliRun matrix = Hookcheck("check --contracts seed,v3" + small);
  ASSERT_EQ(matrix.exit_code, 0) << matrix.output;
  const nlohmann::json json = LastJson(matrix.output);
  ASSERT_EQ(json["configurations"].size(), 16u) << matrix.output;
  EXPECT_EQ(json["configurations"][0]["plan"]["full"], true);
  EXPECT_EQ(json["configurations"][0]["plan"]["sequences"], 100);
  EXPECT_EQ(json["configurations"][1]["plan"]["sequences"], 1);
  for (const nlohmann::json& c : json["configurations"])
    EXPECT_EQ(c["verdict"], "PASS") << c.dump();
  EXPECT_NE(matrix.output.find("configurations: 16 of 16 run"), std::string::npos) << matrix.output;
  // A flag of one configuration pins it: exactly the single-configuration run.
  CliRun pinned = Hookcheck("check --skip-wal" + small);
  ASSERT_EQ(pinned.exit_code, 0) << pinned.output;
  const nlohmann::json one = LastJson(pinned.output);
  ASSERT_EQ(one["configurations"].size(), 1u);
  EXPECT_NE(one["configurations"][0]["config"].get<std::string>().find("skip_wal=1"),
            std::string::npos);
  EXPECT_EQ(one["parts"].size(), 5u);  // corpus, scenarios, sequences, exploration, replay
}

TEST(CliExitCodes, ConfigurationsCutByTheTimeLimitAreUnknown) {
  CliRun run =
      Hookcheck("check --contracts seed --sequences 20 --replay-depth 1 --time-limit 0.001 --json");
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("not run (stopped: time limit"), std::string::npos) << run.output;
}

TEST(CliExitCodes, AFailingConfigurationNamesItsConfigInTheRerunLine) {
  CliRun run = Hookcheck(
      "check --contracts seed --sequences 20 --depth 2 --replay-depth 2 --seed 5 "
      "--mutant edit_triggers_index_build");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("check --mutant edit_triggers_index_build --config \"contract=seed "
                            "auto_compact_threshold=0 index_mode=async"),
            std::string::npos)
      << run.output;
}

TEST(CliExitCodes, OutOfRangeSeedsAndBudgetsAreBadInput) {
  for (const char* args :
       {"property --sequences 1 --seed -1", "property --sequences 1 --seed 18446744073709551616",
        "property --sequences 1 --seed 12abc", "explore --depth 1 --max-states -1",
        "explore --depth 1 --max-states 18446744073709551616"}) {
    CliRun run = Hookcheck(args);
    EXPECT_EQ(run.exit_code, 2) << args << "\n" << run.output;
  }
  // The edges still work.
  EXPECT_EQ(Hookcheck("property --sequences 1 --max-ops 2 --seed 18446744073709551615").exit_code,
            0);
}

// Item 2: a bad shard report is bad input, named by file and field.
TEST(CliExitCodes, MergeOfBadShardReportsIsBadInputNamingFileAndField) {
  CliRun dir = Hookcheck("explore --merge " + std::filesystem::temp_directory_path().string());
  EXPECT_EQ(dir.exit_code, 2) << dir.output;
  EXPECT_NE(dir.output.find("is not a file"), std::string::npos) << dir.output;
  const std::string missing = TempFile("missing.json", "{\"verdict\": \"pass\"}");
  CliRun run = Hookcheck("explore --merge " + missing);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find(missing + ": config: missing"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace hookcheck::properties
