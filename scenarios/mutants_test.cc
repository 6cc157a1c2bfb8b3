// The scenarios are worth something only if they fail on a broken engine: every seeded bug of
// RefEngine must make at least one scenario fail, and the clean engine must pass them all.
#include <gtest/gtest.h>

#include <cctype>

#include "engine/mutant.h"
#include "properties/engine_factory.h"
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

// The names of the scenarios that fail on `mutant`.
std::vector<std::string> FailingScenarios(engine::Mutant mutant) {
  std::vector<std::string> failing;
  for (const Scenario& s : AllScenarios()) {
    auto engine = properties::MakeRefEngine({.model = s.config, .mutant = mutant});
    if (!RunScenario(s, engine.get()).passed()) failing.push_back(s.name);
  }
  return failing;
}

class MutantTest : public ::testing::TestWithParam<engine::Mutant> {};

TEST_P(MutantTest, IsCaughtByAtLeastOneScenario) {
  std::vector<std::string> failing = FailingScenarios(GetParam());
  EXPECT_FALSE(failing.empty()) << "no scenario catches mutant " << engine::Name(GetParam());
}

INSTANTIATE_TEST_SUITE_P(SeededBugs, MutantTest,
                         ::testing::ValuesIn(engine::AllMutants().begin(),
                                             engine::AllMutants().end()),
                         [](const ::testing::TestParamInfo<engine::Mutant>& info) {
                           // mu_under_manifest_lock -> MuUnderManifestLock
                           std::string name;
                           bool upper = true;
                           for (char c : engine::Name(info.param)) {
                             if (c == '_') {
                               upper = true;
                             } else {
                               name += upper ? static_cast<char>(std::toupper(c)) : c;
                               upper = false;
                             }
                           }
                           return name;
                         });

TEST(CleanEngine, PassesEveryScenario) {
  std::vector<std::string> failing = FailingScenarios(engine::Mutant::kNone);
  std::string names;
  for (const std::string& n : failing) names += n + " ";
  EXPECT_TRUE(failing.empty()) << "failing on the clean engine: " << names;
}

}  // namespace
}  // namespace hookcheck::scenarios
