// A run driven one call at a time (Runtime::Begin, Call, End), as the engine's driving thread will
// drive it: tasks a call leaves waiting go on in the next call, a deadlock inside a call stops the
// run and later calls do not run their body, the step budget counts per call, and a deterministic
// session replays from its schedule.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/one_shot.h"
#include "engine/runtime/runtime_test_util.h"
#include "engine/runtime/sync.h"
#include "engine/runtime/worker_loop.h"

namespace hookcheck::runtime {
namespace {

using testing::Kind;

class SessionTest : public ::testing::TestWithParam<Kind> {};

// The one-shot answer the caller waits for, as the engine's Reply is.
using Answer = OneShot<int>;

TEST_P(SessionTest, TasksACallLeavesWaitingGoOnInTheNextCall) {
  std::unique_ptr<Runtime> rt = testing::MakeRuntime(GetParam());
  rt->Begin();
  std::unique_ptr<WorkerLoop> loop;
  ASSERT_TRUE(rt->Call("open", [&] { loop = std::make_unique<WorkerLoop>(rt.get(), "worker"); }));
  std::vector<int> answers;
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(rt->Call("submit", [&] {
      auto answer = std::make_shared<Answer>(rt.get());
      loop->Post([answer, i] { answer->Set(i * 10); });
      answers.push_back(answer->Wait("Answer::Wait:Wait"));
    }));
  }
  ASSERT_TRUE(rt->Call("close", [&] { loop->Stop(); }));
  EXPECT_EQ(rt->Peek().outcome, Outcome::kOk);
  EXPECT_TRUE(rt->Ok());
  const RunReport report = rt->End();
  EXPECT_EQ(report.outcome, Outcome::kOk) << report.Format();
  EXPECT_EQ(answers, (std::vector<int>{10, 20, 30}));
}

TEST_P(SessionTest, ADeadlockInACallStopsTheRunAndLaterCallsDoNotRunTheirBody) {
  std::unique_ptr<Runtime> rt = testing::MakeRuntime(GetParam());
  rt->Begin();
  std::unique_ptr<WorkerLoop> loop;
  ASSERT_TRUE(rt->Call("open", [&] { loop = std::make_unique<WorkerLoop>(rt.get(), "worker"); }));
  // Nobody ever answers: the caller waits while the loop waits for messages.
  EXPECT_FALSE(rt->Call("submit", [&] {
    Answer answer(rt.get());
    answer.Wait("Answer::Wait:Wait");
  }));
  EXPECT_EQ(rt->Peek().outcome, Outcome::kDeadlock);
  EXPECT_FALSE(rt->Ok());
  bool ran = false;
  EXPECT_FALSE(rt->Call("after", [&] { ran = true; }));
  EXPECT_FALSE(ran);
  const RunReport report = rt->End();
  EXPECT_EQ(report.outcome, Outcome::kDeadlock);
  EXPECT_NE(report.Format().find("Answer::Wait:Wait"), std::string::npos) << report.Format();
  EXPECT_NE(report.Format().find("WorkerLoop::Loop:Wait"), std::string::npos) << report.Format();
}

TEST(DeterministicSession, TheStepBudgetCountsFromEachCall) {
  DeterministicOptions o;
  o.max_steps = 50;
  DeterministicRuntime rt(o);
  rt.Begin();
  // 200 calls of about 5 points each: far more than 50 in all, never 50 in one call.
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(rt.Call("small",
                        [&] {
                          const TaskId t = rt.Spawn("child", [&] { rt.Yield("child"); });
                          rt.Join(t, "join");
                        }))
        << "call " << i << ": " << rt.Peek().Format();
  }
  EXPECT_GT(rt.Peek().steps, 50u);
  EXPECT_FALSE(rt.Call("big", [&] {
    for (int i = 0; i < 100; ++i) rt.Yield("spin");
  }));
  const RunReport report = rt.End();
  EXPECT_EQ(report.outcome, Outcome::kBudgetExhausted) << report.Format();
}

// A task's body (with its captures) lives in its fiber, so the captures still alive count the
// fibers not yet destroyed. Each call joins ten tasks, then leaves one waiting for the next call.
TEST(DeterministicSession, AFinishedTasksFiberIsDestroyedAsItFinishes) {
  DeterministicRuntime rt;
  rt.Begin();
  const auto token = std::make_shared<int>(0);
  const auto fibers_holding_token = [&] { return token.use_count() - 1; };
  std::shared_ptr<Answer> release_waiter;
  std::optional<TaskId> waiter;
  const auto finish_waiter = [&] {
    if (!waiter) return;
    release_waiter->Set(1);
    rt.Join(*waiter, "join waiter");
    waiter.reset();
  };
  for (int call = 0; call < 100; ++call) {
    ASSERT_TRUE(rt.Call("call", [&] {
      finish_waiter();
      EXPECT_EQ(fibers_holding_token(), 0) << "call " << call << ": the last call's waiter";
      for (int i = 0; i < 10; ++i) {
        const TaskId t = rt.Spawn("child", [&rt, token] { rt.Yield("child"); });
        rt.Join(t, "join child");
        EXPECT_EQ(fibers_holding_token(), 0) << "call " << call << ", child " << i;
      }
      release_waiter = std::make_shared<Answer>(&rt);
      waiter = rt.Spawn("waiter", [answer = release_waiter, token] { answer->Wait("waiter"); });
    })) << rt.Peek().Format();
    EXPECT_EQ(fibers_holding_token(), 1) << "after call " << call << ": only the waiter's";
  }
  ASSERT_TRUE(rt.Call("close", finish_waiter)) << rt.Peek().Format();
  EXPECT_EQ(fibers_holding_token(), 0);
  const RunReport report = rt.End();
  EXPECT_EQ(report.outcome, Outcome::kOk) << report.Format();
}

// Peek is the report so far as End gives it (here a deadlock, so it names a task), but without
// the trace.
TEST(DeterministicSession, PeekIsTheReportSoFarWithoutTheTrace) {
  DeterministicOptions o;
  o.strategy = Strategy::Random(3);
  o.trace = true;
  DeterministicRuntime rt(o);
  rt.Begin();
  EXPECT_FALSE(rt.Call("race, then wait for nobody", [&] {
    std::vector<TaskId> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(rt.Spawn("racer", [&] { rt.Yield("racer"); }));
    for (TaskId id : ids) rt.Join(id, "join");
    Answer answer(&rt);
    answer.Wait("Answer::Wait:Wait");
  }));
  const RunReport peek = rt.Peek();
  const RunReport end = rt.End();
  ASSERT_EQ(end.outcome, Outcome::kDeadlock) << end.Format();
  ASSERT_FALSE(end.trace.empty());
  EXPECT_TRUE(peek.trace.empty());
  EXPECT_EQ(peek.Format(), end.Format());
  EXPECT_NE(peek.Format().find("Answer::Wait:Wait"), std::string::npos) << peek.Format();
  EXPECT_EQ(peek.schedule, end.schedule);
  EXPECT_GT(peek.schedule.size(), std::string("replay:").size()) << "no decision was made";
  EXPECT_EQ(peek.steps, end.steps);
  EXPECT_EQ(peek.switches, end.switches);
}

// Three calls whose spawned tasks race; the whole session's schedule is one replay string.
std::vector<TraceStep> RacySession(const Strategy& s, std::string* schedule) {
  DeterministicOptions o;
  o.strategy = s;
  o.trace = true;
  DeterministicRuntime rt(o);
  rt.Begin();
  for (int call = 0; call < 3; ++call) {
    rt.Call("call", [&] {
      std::vector<TaskId> ids;
      for (int i = 0; i < 3; ++i) {
        ids.push_back(rt.Spawn("racer", [&] {
          rt.Yield("racer:a");
          rt.Yield("racer:b");
        }));
      }
      for (TaskId id : ids) rt.Join(id, "join");
    });
  }
  RunReport report = rt.End();
  EXPECT_EQ(report.outcome, Outcome::kOk) << report.Format();
  *schedule = report.schedule;
  return report.trace;
}

TEST(DeterministicSession, ASessionReplaysFromItsSchedule100TimesOf100) {
  std::string schedule;
  const std::vector<TraceStep> first = RacySession(Strategy::Random(7), &schedule);
  ASSERT_GT(schedule.size(), std::string("replay:").size()) << "no decision was made";
  std::string error;
  const std::optional<Strategy> parsed = ParseStrategy(schedule, &error);
  ASSERT_TRUE(parsed.has_value()) << error;
  const Strategy replay = *parsed;
  for (int i = 0; i < 100; ++i) {
    std::string again;
    EXPECT_EQ(RacySession(replay, &again), first) << "replay " << i;
    EXPECT_EQ(again, schedule);
  }
  std::string other;
  EXPECT_NE(RacySession(Strategy::Random(8), &other), first)
      << "two seeds gave one interleaving: the session's decisions are not taken";
}

INSTANTIATE_TEST_SUITE_P(BothRuntimes, SessionTest, testing::BothKinds(), testing::ParamName);

}  // namespace
}  // namespace hookcheck::runtime
