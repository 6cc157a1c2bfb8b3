// The toy lost update: found by random and pct, found exhaustively by dfs:1 (and missed by dfs:0,
// which has no preemption to put between a read and its write), replayed exactly 100 times of
// 100; the fixed program passes dfs exhaustively.
#include <gtest/gtest.h>

#include "engine/runtime/explore.h"
#include "engine/runtime/toy_programs.h"

namespace hookcheck::runtime {
namespace {

using toy::Bug;

void Seeded(Runtime& rt) { toy::LostUpdate(rt, Bug::kSeeded); }
void Fixed(Runtime& rt) { toy::LostUpdate(rt, Bug::kFixed); }

TEST(LostUpdate, RandomFindsIt) {
  const ExploreResult r = Explore(Strategy::Random(1), {.max_runs = 200}, Seeded);
  ASSERT_EQ(r.verdict, Verdict::kFail) << r.Summary(Strategy::Random(1));
  EXPECT_EQ(r.report.message, "lost update: counter is 1, want 2");
  EXPECT_LT(r.runs, 200u);
}

TEST(LostUpdate, PctFindsIt) {
  const ExploreResult r = Explore(Strategy::Pct(1, 2), {.max_runs = 200}, Seeded);
  ASSERT_EQ(r.verdict, Verdict::kFail) << r.Summary(Strategy::Pct(1, 2));
  EXPECT_EQ(r.report.message, "lost update: counter is 1, want 2");
}

TEST(LostUpdate, DfsWithOnePreemptionFindsIt) {
  const ExploreResult r = Explore(Strategy::Dfs(1), {}, Seeded);
  ASSERT_EQ(r.verdict, Verdict::kFail) << r.Summary(Strategy::Dfs(1));
  EXPECT_EQ(r.report.message, "lost update: counter is 1, want 2");
  EXPECT_EQ(r.report.schedule.rfind("replay:", 0), 0u) << r.report.schedule;
}

// Without a preemption each increment runs from its read to its write: dfs:0 enumerates only
// such schedules (more than one: who runs after main blocks is a free choice) and passes.
TEST(LostUpdate, DfsWithoutPreemptionCannotFindIt) {
  const ExploreResult r = Explore(Strategy::Dfs(0), {}, Seeded);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.Summary(Strategy::Dfs(0));
  EXPECT_GT(r.runs, 1u);
}

TEST(LostUpdate, FixedProgramPassesDfsExhaustively) {
  const ExploreResult r = Explore(Strategy::Dfs(2), {}, Fixed);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.Summary(Strategy::Dfs(2));
  EXPECT_GT(r.runs, 10u);
  const ExploreResult sampled = Explore(Strategy::Random(1), {.max_runs = 300}, Fixed);
  EXPECT_EQ(sampled.verdict, Verdict::kPass) << sampled.Summary(Strategy::Random(1));
}

TEST(LostUpdate, ReplayReproducesTheFailure100TimesOf100WithTheSameTrace) {
  const ExploreResult found = Explore(Strategy::Random(7), {.max_runs = 200}, Seeded);
  ASSERT_EQ(found.verdict, Verdict::kFail);
  std::string error;
  const std::optional<Strategy> replay = ParseStrategy(found.report.schedule, &error);
  ASSERT_TRUE(replay) << error;
  ASSERT_FALSE(replay->choices.empty());
  std::vector<TraceStep> first_trace;
  int failed = 0;
  for (int i = 0; i < 100; ++i) {
    const ExploreResult r = Explore(*replay, {.trace = true}, Seeded);
    EXPECT_EQ(r.runs, 1u);
    if (r.verdict == Verdict::kFail && r.report.message == found.report.message) ++failed;
    EXPECT_EQ(r.report.schedule, found.report.schedule);
    if (i == 0) first_trace = r.report.trace;
    EXPECT_EQ(r.report.trace, first_trace) << "run " << i;
  }
  EXPECT_EQ(failed, 100);
  int reads = 0;
  for (const TraceStep& step : first_trace) reads += std::string(step.site) == "Toy:AfterRead";
  EXPECT_EQ(reads, 2);
}

// The trace of one schedule, and a different one for another: replay is not trivially equal.
TEST(LostUpdate, DifferentChoicesGiveDifferentTraces) {
  const ExploreResult a = Explore(Strategy::Replay({}), {.trace = true}, Seeded);
  const ExploreResult found = Explore(Strategy::Dfs(1), {.trace = true}, Seeded);
  ASSERT_EQ(a.verdict, Verdict::kPass);
  ASSERT_EQ(found.verdict, Verdict::kFail);
  EXPECT_NE(a.report.trace, found.report.trace);
}

}  // namespace
}  // namespace hookcheck::runtime
