// One test per named scenario, on the clean reference engine: the act must conform to the model,
// and both must match the literal the scenario writes from the spec.
#include <gtest/gtest.h>

#include <set>

#include "properties/engine_factory.h"
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

class ScenarioTest : public ::testing::TestWithParam<const Scenario*> {};

TEST_P(ScenarioTest, ConformsToModelAndSpec) {
  const Scenario& scenario = *GetParam();
  auto engine = properties::MakeRefEngine({.model = scenario.config});
  ScenarioOutcome outcome = RunScenario(scenario, engine.get());
  std::string report;
  for (const std::string& p : outcome.problems) report += p + "\n";
  EXPECT_TRUE(outcome.passed()) << scenario.name << " (" << scenario.spec << ")\n"
                                << outcome.trace << report;
}

std::vector<const Scenario*> Pointers() {
  std::vector<const Scenario*> out;
  for (const Scenario& s : AllScenarios()) out.push_back(&s);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Contract, ScenarioTest, ::testing::ValuesIn(Pointers()),
                         [](const ::testing::TestParamInfo<const Scenario*>& info) {
                           return info.param->name;
                         });

TEST(ScenarioCatalogue, NamesAreUniqueAndEveryActHasASpecReference) {
  std::set<std::string> names;
  for (const Scenario& s : AllScenarios()) {
    EXPECT_TRUE(names.insert(s.name).second) << "duplicate scenario " << s.name;
    EXPECT_NE(std::string(s.spec), "") << s.name;
  }
  EXPECT_GE(names.size(), 80u);
}

}  // namespace
}  // namespace hookcheck::scenarios
