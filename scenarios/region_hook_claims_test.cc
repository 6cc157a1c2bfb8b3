// Holds engine/region_hook.h to its "Checked:" lines: each names tests, scenarios, mutants,
// regression files or compile checks, and each name must exist (a test as TEST/TEST_F/TEST_P in a
// *_test.cc of the tree, a scenario in AllScenarios(), a mutant in engine/mutant.h, a .seq file in
// the corpus, a compile check as engine/compile_checks/<name>.cc registered in its
// CMakeLists.txt). The header is read from HOOKCHECK_SOURCE_DIR at test time, so renaming a test
// without updating the claim fails here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "base/source_tree.h"
#include "engine/mutant.h"
#include "properties/property_corpus.h"
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::string Trim(std::string s) {
  const size_t b = s.find_first_not_of(" \t\n");
  const size_t e = s.find_last_not_of(" \t\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

struct Claim {
  std::string kind;  // "test", "scenario", "mutant", "regression", "compile check"
  std::string name;
};

// The comment text of `header` as one line of prose.
std::string Prose(const std::string& header) {
  std::istringstream in(header);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    const std::string t = Trim(line);
    if (t.rfind("//", 0) == 0) out += Trim(t.substr(2)) + " ";
  }
  return out;
}

// Every name of every "Checked:" list in `header`; a list item that is not `<kind> <names>`, or a
// name with spaces in it, is put in `errors`.
std::vector<Claim> ParseClaims(const std::string& header, std::vector<std::string>* errors) {
  static const std::vector<std::pair<std::string, std::string>> kKinds = {
      {"compile checks ", "compile check"},
      {"compile check ", "compile check"},
      {"tests ", "test"},
      {"test ", "test"},
      {"scenarios ", "scenario"},
      {"scenario ", "scenario"},
      {"mutants ", "mutant"},
      {"mutant ", "mutant"},
      {"regression ", "regression"}};
  const std::string prose = Prose(header);
  std::vector<Claim> claims;
  for (size_t at = prose.find("Checked:"); at != std::string::npos;
       at = prose.find("Checked:", at + 1)) {
    if (at > 0 && prose[at - 1] == '"') continue;  // the header's description of the format
    const size_t from = at + 8;
    size_t end = from;
    while (end < prose.size() &&
           !(prose[end] == '.' && (end + 1 == prose.size() || prose[end + 1] == ' ')))
      ++end;
    std::istringstream items(prose.substr(from, end - from));
    for (std::string item; std::getline(items, item, ';');) {
      item = Trim(item) + " ";
      std::string kind;
      for (const auto& [prefix, k] : kKinds) {
        if (item.rfind(prefix, 0) == 0) {
          kind = k;
          item = item.substr(prefix.size());
          break;
        }
      }
      if (kind.empty()) {
        errors->push_back("not '<kind> <names>': '" + Trim(item) + "'");
        continue;
      }
      std::istringstream names(item);
      for (std::string name; std::getline(names, name, ',');) {
        name = Trim(name);
        if (name.empty() || name.find(' ') != std::string::npos) {
          errors->push_back(kind + " '" + name + "' is not one name");
        } else {
          claims.push_back({kind, name});
        }
      }
    }
  }
  return claims;
}

// Every "Suite.Name" a TEST, TEST_F or TEST_P of a *_test.cc under `root` defines.
std::set<std::string> TestNames(const fs::path& root) {
  std::set<std::string> names;
  const std::regex test(R"(\bTEST(?:_F|_P)?\(\s*(\w+)\s*,\s*(\w+)\s*\))");
  for (const char* dir : {"base", "engine", "model", "properties", "scenarios", "cli"}) {
    if (!fs::is_directory(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (entry.path().filename().string().find("_test.cc") == std::string::npos) continue;
      const std::string text = ReadSourceFile(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), test), e; it != e; ++it) {
        names.insert((*it)[1].str() + "." + (*it)[2].str());
      }
    }
  }
  return names;
}

// What in `claims` does not exist in the tree at `root`.
std::vector<std::string> Missing(const std::vector<Claim>& claims, const fs::path& root) {
  const std::set<std::string> tests = TestNames(root);
  std::set<std::string> scenarios;
  for (const Scenario& s : AllScenarios()) scenarios.insert(s.name);
  const std::string compile_cmake = ReadSourceFile(root / "engine/compile_checks/CMakeLists.txt");
  std::vector<std::string> missing;
  for (const Claim& c : claims) {
    bool found = false;
    if (c.kind == "test") {
      found = tests.count(c.name) > 0;
    } else if (c.kind == "scenario") {
      found = scenarios.count(c.name) > 0;
    } else if (c.kind == "mutant") {
      const std::optional<engine::Mutant> m = engine::ParseMutant(c.name);
      found = m.has_value() && *m != engine::Mutant::kNone;
    } else if (c.kind == "regression") {
      found = fs::is_regular_file(root / "scenarios/regression" / c.name);
    } else if (c.kind == "compile check") {
      found = fs::is_regular_file(root / "engine/compile_checks" / (c.name + ".cc")) &&
              compile_cmake.find("\"" + c.name + "|") != std::string::npos;
    }
    if (!found) missing.push_back(c.kind + " " + c.name);
  }
  return missing;
}

TEST(RegionHookClaims, EveryCheckedNameExists) {
  const fs::path root = SourceDir();
  ASSERT_FALSE(root.empty()) << "HOOKCHECK_SOURCE_DIR is not set";
  std::vector<std::string> errors;
  const std::vector<Claim> claims =
      ParseClaims(ReadSourceFile(root / "engine/region_hook.h"), &errors);
  EXPECT_THAT(errors, ::testing::IsEmpty());
  // Seven paragraphs carry a Checked: list; each names something of each kind it relies on.
  EXPECT_GE(claims.size(), 20u);
  for (const std::string& kind : {"test", "scenario", "mutant", "regression", "compile check"}) {
    EXPECT_TRUE(
        std::any_of(claims.begin(), claims.end(), [&](const Claim& c) { return c.kind == kind; }))
        << "no " << kind << " claimed";
  }
  for (const std::string& m : Missing(claims, root)) ADD_FAILURE() << "region_hook.h names " << m;
}

TEST(RegionHookClaims, AMissingOrMalformedNameIsFlagged) {
  const std::string header =
      "// [Locking] Checked: test TraceChecker.NoSuchTest, "
      "TraceChecker.SfwOnTheWorkerLoopIsAProblem;\n"
      "//   mutant no_such_mutant; regression nope.seq; compile check hook_under_guard.\n"
      "// [Ordering] Checked: the TraceChecker version rule; scenario Flush Fires.\n";
  std::vector<std::string> errors;
  const std::vector<Claim> claims = ParseClaims(header, &errors);
  EXPECT_THAT(errors, UnorderedElementsAre(HasSubstr("the TraceChecker version rule"),
                                           HasSubstr("'Flush Fires' is not one name")));
  ASSERT_FALSE(SourceDir().empty());
  EXPECT_THAT(Missing(claims, SourceDir()),
              UnorderedElementsAre("test TraceChecker.NoSuchTest", "mutant no_such_mutant",
                                   "regression nope.seq"));
}

}  // namespace
}  // namespace hookcheck::scenarios
