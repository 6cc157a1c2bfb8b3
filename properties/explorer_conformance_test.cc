// File: properties/explorer_conformance_test.cc
// Bounded exhaustive conformance: RefEngine conforms on every edge up to the CI depth, and every
// mutant is caught with a shortest counterexample.
#include "properties/explorer_conformance.h"

#include <gtest/gtest.h>

#include "engine/mutant.h"

namespace hookcheck::properties {
namespace {

ConformanceOptions AtDepth(int depth) {
  ConformanceOptions o;
  o.explore.max_depth = depth;
  return o;
}

TEST(ExplorerConformanceTest, RefEngineConformsOnEveryEdgeToDepthTwo) {
  ConformanceResult r = CheckConformance(RefEngineFactory(CheckConfig{}), AtDepth(2));
  EXPECT_EQ(r.verdict, Verdict::kPass) << FormatConformance(r);
  EXPECT_GT(r.sequences, 1000u);
}

TEST(ExplorerConformanceTest, SequenceLimitIsUnknown) {
  ConformanceOptions o = AtDepth(2);
  o.max_sequences = 10;
  ConformanceResult r = CheckConformance(RefEngineFactory(CheckConfig{}), o);
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << FormatConformance(r);
}

TEST(ExplorerConformanceTest, EveryMutantIsCaughtWithAShortestCounterexample) {
  for (engine::Mutant m : engine::AllMutants()) {
    CheckConfig config;
    config.mutant = m;
    ConformanceResult r = CheckConformance(RefEngineFactory(config), AtDepth(3));
    EXPECT_EQ(r.verdict, Verdict::kFail) << engine::Name(m) << "\n" << FormatConformance(r);
    if (r.counterexample) {
      EXPECT_LE(r.counterexample->size(), 3u) << engine::Name(m);
      std::cout << engine::Name(m) << ": " << r.counterexample->size() << " commands, " << r.sequences
                << " sequences: " << FormatPath(*r.counterexample) << "\n";
    }
  }
}

}  // namespace
}  // namespace hookcheck::properties
