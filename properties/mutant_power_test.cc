// The power of the sequential property: with default settings, under the configuration whose
// paths run the broken mechanism (engine::ConfigThatShows), it catches every seeded bug of
// RefEngine (engine/mutant.h) and passes on the clean engine. The property machinery is called
// programmatically, so "caught" means RapidCheck found and shrank a failing sequence.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "engine/mutant.h"
#include "properties/engine_factory.h"
#include "properties/property_runner.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {
namespace {

// Fixed, so the score does not depend on the day's seed.
constexpr uint64_t kPowerSeed = 7;

PropertyOptions PowerOptions(engine::Mutant mutant) {
  PropertyOptions options;
  options.id = "MutantPower/" + std::string(engine::Name(mutant));
  options.check.mutant = mutant;
  options.check.model = engine::ConfigThatShows(mutant);
  options.seed = kPowerSeed;
  options.honor_rc_params = false;
  options.replay_corpus_first = false;  // the random search alone must catch it
  options.verbose = false;
  options.emit_files =
      std::getenv("HOOKCHECK_FAILURE_DIR") != nullptr;  // keep the counterexamples on request
  return options;
}

TEST(MutantPower, PropertyCatchesEveryMutant) {
  ASSERT_FALSE(engine::AllMutants().empty());
  for (engine::Mutant mutant : engine::AllMutants()) {
    const PropertyOutcome outcome = RunSequentialProperty(PowerOptions(mutant));
    EXPECT_EQ(Name(outcome.verdict), "failed")
        << "mutant " << engine::Name(mutant) << " was not caught:\n"
        << outcome.report;
    std::cout << "mutant " << engine::Name(mutant) << ": " << Name(outcome.verdict) << " after "
              << outcome.sequences << " sequences (" << outcome.ops << " ops, "
              << outcome.search_seconds << " s), shrunk to " << outcome.minimal.size() << " ops in "
              << outcome.total_seconds << " s total\n";
    if (!outcome.minimal.empty() && outcome.minimal_run)
      std::cout << FormatRun(*outcome.minimal_run);
    // The catch must be the mutant's doing: its shrunk counterexample passes on the clean engine.
    if (outcome.verdict == PropertyVerdict::kFailed && !outcome.minimal.empty()) {
      const CheckConfig clean{PowerOptions(mutant).check.model, engine::Mutant::kNone};
      auto engine = MakeRefEngine(clean);
      const RunResult run = RunSequence(engine.get(), clean.model, outcome.minimal);
      EXPECT_TRUE(run.passed()) << "mutant " << engine::Name(mutant)
                                << ": the counterexample also fails on the clean engine:\n"
                                << FormatRun(run);
    }
  }
}

TEST(MutantPower, PropertyPassesOnTheCleanEngine) {
  const PropertyOutcome outcome = RunSequentialProperty(PowerOptions(engine::Mutant::kNone));
  EXPECT_EQ(Name(outcome.verdict), "passed") << outcome.report;
}

}  // namespace
}  // namespace hookcheck::properties
