// A run driven one call at a time (Runtime::Begin, Call, End), as the engine's driving thread will
// drive it: tasks a call leaves waiting go on in the next call, a deadlock inside a call stops the
// run and later calls do not run their body, the step budget counts per call, and a deterministic
// session replays from its schedule.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/runtime_test_util.h"
#include "engine/runtime/sync.h"
#include "engine/runtime/worker_loop.h"

namespace hookcheck::runtime {
namespace {

using testing::Kind;

class SessionTest : public ::testing::TestWithParam<Kind> {};

// A one-shot answer the caller waits for, as the engine's Reply will be. Shared: the sender may
// still be inside Unlock when the waiter returns.
struct Answer {
  explicit Answer(Runtime* rt) : mu(rt, "Answer::mu"), cv(rt) {}
  Mutex mu;
  CondVar cv;
  std::optional<int> value GUARDED_BY(mu);

  void Send(int v) REQUIRES(!mu) {
    MutexLock l(&mu, "Answer::Send");
    value = v;
    cv.SignalAll();
  }
  int Wait() REQUIRES(!mu) {
    MutexLock l(&mu, "Answer::Wait");
    while (!value.has_value()) cv.Wait(&mu, "Answer::Wait:Wait");
    return *value;
  }
};

TEST_P(SessionTest, TasksACallLeavesWaitingGoOnInTheNextCall) {
  std::unique_ptr<Runtime> rt = testing::MakeRuntime(GetParam());
  rt->Begin();
  std::unique_ptr<WorkerLoop> loop;
  ASSERT_TRUE(rt->Call("open", [&] { loop = std::make_unique<WorkerLoop>(rt.get(), "worker"); }));
  std::vector<int> answers;
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(rt->Call("submit", [&] {
      auto answer = std::make_shared<Answer>(rt.get());
      loop->Post([answer, i] { answer->Send(i * 10); });
      answers.push_back(answer->Wait());
    }));
  }
  ASSERT_TRUE(rt->Call("close", [&] { loop->Stop(); }));
  EXPECT_EQ(rt->Peek().outcome, Outcome::kOk);
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
    answer.Wait();
  }));
  EXPECT_EQ(rt->Peek().outcome, Outcome::kDeadlock);
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
