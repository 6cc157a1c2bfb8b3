// A budget cut is unknown, never a pass: dfs stopped by its schedule budget, and a run stopped
// by its step budget, on any strategy. Also the dfs successor function on hand-made decisions.
#include <gtest/gtest.h>

#include "engine/runtime/explore.h"
#include "engine/runtime/toy_programs.h"

namespace hookcheck::runtime {
namespace {

void Fixed(Runtime& rt) { toy::LostUpdate(rt, toy::Bug::kFixed); }

TEST(Budget, DfsCutByItsScheduleBudgetIsUnknown) {
  const ExploreResult full = Explore(Strategy::Dfs(2), {}, Fixed);
  ASSERT_EQ(full.verdict, Verdict::kPass);
  ASSERT_GT(full.runs, 3u);
  const ExploreResult cut = Explore(Strategy::Dfs(2), {.max_runs = 3}, Fixed);
  EXPECT_EQ(cut.verdict, Verdict::kUnknown) << cut.Summary(Strategy::Dfs(2));
  EXPECT_EQ(cut.runs, 3u);
  EXPECT_EQ(cut.Summary(Strategy::Dfs(2)),
            "unknown: dfs:2 after 3 schedules: schedule budget of 3 spent");
}

// Exactly the budget dfs needs is still a pass: the cut is not off by one.
TEST(Budget, DfsWithExactlyEnoughSchedulesPasses) {
  const ExploreResult full = Explore(Strategy::Dfs(2), {}, Fixed);
  const ExploreResult exact = Explore(Strategy::Dfs(2), {.max_runs = full.runs}, Fixed);
  EXPECT_EQ(exact.verdict, Verdict::kPass) << exact.Summary(Strategy::Dfs(2));
}

TEST(Budget, StepBudgetIsUnknownOnEveryStrategy) {
  for (const Strategy& s :
       {Strategy::Random(1), Strategy::Pct(1, 2), Strategy::Dfs(1), Strategy::Replay({})}) {
    const ExploreResult r = Explore(s, {.max_runs = 5, .max_steps = 4}, Fixed);
    EXPECT_EQ(r.verdict, Verdict::kUnknown) << r.Summary(s);
    EXPECT_EQ(r.report.outcome, Outcome::kBudgetExhausted) << r.report.Format();
    EXPECT_EQ(r.report.message, "stopped after 4 schedule points");
  }
}

// A task that spins on Yield never ends: the step budget stops it and every task is unwound.
TEST(Budget, SpinningTaskIsStoppedByTheStepBudget) {
  DeterministicRuntime rt({.max_steps = 1000});
  const RunReport r = rt.Run([&] {
    Mutex mu(&rt, "mu");
    const TaskId spin = rt.Spawn("spin", [&] {
      MutexLock lock(&mu, "Spin:Lock");
      while (true) rt.Yield("Spin:Yield");
    });
    rt.Join(spin, "Spin:Join");
  });
  EXPECT_EQ(r.outcome, Outcome::kBudgetExhausted) << r.Format();
  EXPECT_EQ(r.steps, 1000u);
}

// A replay string that names a task the program does not have there is bad input, neither a
// failure of the program nor a pass.
TEST(Budget, ReplayThatDoesNotFitIsBadInput) {
  const ExploreResult r = Explore(Strategy::Replay({9}), {}, Fixed);
  EXPECT_EQ(r.verdict, Verdict::kBadInput);
  EXPECT_EQ(r.report.outcome, Outcome::kBadSchedule);
  EXPECT_EQ(r.Summary(Strategy::Replay({9})),
            "bad input: replay:9: replay diverged: choice 1 is 9 but only 2 tasks can run");
}

TEST(NextDfsPrefix, TriesTheDefaultFirstThenEveryOtherChoiceWithinTheBound) {
  // Two decisions of two options each; the task that ran could go on at both (index 0).
  const std::vector<Decision> run = {{2, 0, 0}, {2, 0, 0}};
  EXPECT_EQ(NextDfsPrefix(run, 1), (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(NextDfsPrefix({{2, 0, 0}, {2, 1, 0}}, 1), (std::vector<uint8_t>{1}));
  // Both preempted already: nothing left within one preemption.
  EXPECT_EQ(NextDfsPrefix({{2, 1, 0}, {2, 0, 0}}, 1), std::nullopt);
  EXPECT_EQ(NextDfsPrefix(run, 0), std::nullopt);
  // The task that ran is blocked (-1): every choice is free, lowest first.
  EXPECT_EQ(NextDfsPrefix({{3, 0, -1}}, 0), (std::vector<uint8_t>{1}));
  EXPECT_EQ(NextDfsPrefix({{3, 2, -1}}, 0), std::nullopt);
  // The default is the task that ran (index 1 here), so index 0 comes after it.
  EXPECT_EQ(NextDfsPrefix({{2, 1, 1}}, 1), (std::vector<uint8_t>{0}));
}

}  // namespace
}  // namespace hookcheck::runtime
