// RefEngine on the deterministic runtime: a run is reproduced exactly by the replay string its
// report prints (issue 10's "same trace 100/100"), and the strategy's seed does steer the
// interleaving (so the first check could fail).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/ref_engine_test_util.h"

namespace hookcheck::engine {
namespace {

using test_util::NewEngine;
using test_util::Step;

struct RecordedRun {
  std::string trace;     // every callback and lock event, with task numbers, in seq order
  std::string schedule;  // the report's replay string
};

// A sequence whose ops leave background work running side by side: automatic compaction after
// each second flush, async index builds for every new file (two slots), two worker loops.
RecordedRun RunOverlapping(const runtime::Strategy& schedule) {
  EngineOptions o;
  o.runtime = RuntimeKind::kDeterministic;
  o.schedule = schedule;
  o.auto_compact_threshold = 2;
  o.index_mode = model::IndexMode::kAsync;
  o.index_build_slots = 2;
  o.workers = 2;
  o.record_lock_events = true;
  auto e = NewEngine(o);
  RecordedRun run;
  // No WaitIdle between the ops (the Engine contract allows it): each op's background work
  // overlaps the next ones.
  for (int i = 0; i < 3; ++i) {
    e->Submit({model::Put{static_cast<uint8_t>(i + 1)}, {}});
    e->Submit({model::Flush{}, {}});
    e->Submit({model::BuildIndex{}, {}});
    e->Submit({model::CompactLocal{}, {}});
  }
  e->WaitIdle();
  std::vector<HookEvent> callbacks;
  std::vector<LockEvent> locks;
  e->TakeTrace(&callbacks, &locks);
  for (const HookEvent& c : callbacks) run.trace += ToString(c) + "\n";
  for (const LockEvent& l : locks) {
    run.trace += "lock " + std::to_string(l.seq) + " thread " + std::to_string(l.thread) +
                 (l.acquire ? " acquire " + l.site : " release") + "\n";
  }
  const runtime::RunReport report = e->RuntimeReport();
  EXPECT_TRUE(report.ok()) << report.Format();
  run.schedule = report.schedule;
  return run;
}

TEST(RefEngineReplay, AReplayStringReproducesTheRunHundredTimesOutOfHundred) {
  const RecordedRun first = RunOverlapping(runtime::Strategy::Random(11));
  ASSERT_FALSE(first.trace.empty());
  ASSERT_EQ(first.schedule.rfind("replay:", 0), 0u) << first.schedule;
  std::string error;
  const std::optional<runtime::Strategy> replay = runtime::ParseStrategy(first.schedule, &error);
  ASSERT_TRUE(replay.has_value()) << error;
  for (int i = 0; i < 100; ++i) {
    const RecordedRun again = RunOverlapping(*replay);
    ASSERT_EQ(again.trace, first.trace) << "replay " << i;
    ASSERT_EQ(again.schedule, first.schedule) << "replay " << i;
  }
}

TEST(RefEngineReplay, TheSeedSteersTheInterleaving) {
  std::set<std::string> schedules;
  std::set<std::string> traces;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    const RecordedRun run = RunOverlapping(runtime::Strategy::Random(seed));
    schedules.insert(run.schedule);
    traces.insert(run.trace);
  }
  EXPECT_GT(schedules.size(), 1u);
  EXPECT_GT(traces.size(), 1u);
}

}  // namespace
}  // namespace hookcheck::engine
