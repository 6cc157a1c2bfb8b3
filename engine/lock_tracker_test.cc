// LockTracker: the lock rule derived from an engine's lock events, the engine's own lock_held
// only a cross-check, and streams no reader-writer lock can produce refused.
#include "engine/lock_tracker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hookcheck::engine {
namespace {

using protocol::TraceEntry;
using ::testing::HasSubstr;

TraceEntry Lock(bool acquire, LockHeld mode, uint64_t thread, uint64_t seq, const char* site = "") {
  TraceEntry t;
  t.is_lock = true;
  t.lock = LockEvent{.acquire = acquire, .mode = mode, .thread = thread, .seq = seq, .site = site};
  return t;
}

TraceEntry Callback(uint64_t thread, uint64_t seq,
                    std::optional<LockHeld> reported = std::nullopt) {
  TraceEntry t;
  t.callback.thread = thread;
  t.callback.seq = seq;
  t.lock_held_given = reported.has_value();
  if (reported) t.callback.lock_held = *reported;
  return t;
}

TEST(LockTracker, CallbackBetweenAcquireAndReleaseRunsUnderTheLock) {
  LockTracker tracker;
  std::vector<HookEvent> out;
  ASSERT_EQ(tracker.Read({Lock(true, LockHeld::kWrite, 1, 1, "Commit"), Callback(1, 2),
                          Callback(2, 3), Lock(false, LockHeld::kWrite, 1, 4), Callback(1, 5)},
                         "events", &out),
            "");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].lock_held, LockHeld::kWrite);  // thread 1 holds it
  EXPECT_EQ(out[0].lock_site, "Commit");
  EXPECT_EQ(out[1].lock_held, LockHeld::kNone);  // another thread: the hold is not its
  EXPECT_EQ(out[2].lock_held, LockHeld::kNone);  // after the release
}

TEST(LockTracker, HoldsCarryOverFromOneReplyToTheNext) {
  LockTracker tracker;
  std::vector<HookEvent> out;
  ASSERT_EQ(tracker.Read({Lock(true, LockHeld::kRead, 3, 1)}, "events", &out), "");
  ASSERT_EQ(tracker.Read({Callback(3, 2)}, "events", &out), "");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].lock_held, LockHeld::kRead);
  tracker.Reset();
  EXPECT_EQ(tracker.Read({Callback(3, 1)}, "events", &out), "");
  EXPECT_EQ(out.back().lock_held, LockHeld::kNone);
}

TEST(LockTracker, ReportedLockHeldThatContradictsTheStreamIsAnEngineError) {
  LockTracker tracker;
  std::vector<HookEvent> out;
  const std::string problem = tracker.Read(
      {Lock(true, LockHeld::kWrite, 2, 1, "UpdateManifest"), Callback(2, 2, LockHeld::kNone)},
      "events", &out);
  EXPECT_EQ(problem,
            "events[1] (callback seq 2, thread 2) reports lock_held \"none\", but its lock events "
            "show it holds the "
            "manifest write lock (acquired at seq 1, site 'UpdateManifest')");
  LockTracker honest;
  EXPECT_EQ(honest.Read({Lock(true, LockHeld::kWrite, 2, 1), Callback(2, 2, LockHeld::kWrite)},
                        "events", &out),
            "");
  LockTracker claims;
  EXPECT_THAT(claims.Read({Callback(2, 1, LockHeld::kRead)}, "events", &out),
              HasSubstr("holds no manifest lock"));
}

TEST(LockTracker, StreamsNoReaderWriterLockCanProduceAreRefused) {
  std::vector<HookEvent> out;
  EXPECT_THAT(
      LockTracker().Read({Lock(false, LockHeld::kWrite, 1, 1)}, "events", &out),
      HasSubstr(
          "events[0] (lock 1, thread 1): releases the write lock, which the thread does not hold"));
  EXPECT_THAT(
      LockTracker().Read({Lock(true, LockHeld::kRead, 1, 1), Lock(false, LockHeld::kWrite, 1, 2)},
                         "events", &out),
      HasSubstr("releases the write lock"));
  EXPECT_THAT(
      LockTracker().Read({Lock(true, LockHeld::kRead, 1, 1), Lock(true, LockHeld::kRead, 1, 2)},
                         "events", &out),
      HasSubstr("not re-entrant"));
  EXPECT_THAT(
      LockTracker().Read({Lock(true, LockHeld::kRead, 1, 1), Lock(true, LockHeld::kWrite, 2, 2)},
                         "events", &out),
      HasSubstr("acquires the write lock while thread 1 holds the manifest read lock"));
  EXPECT_THAT(
      LockTracker().Read({Lock(true, LockHeld::kWrite, 1, 1), Lock(true, LockHeld::kRead, 2, 2)},
                         "events", &out),
      HasSubstr("acquires the read lock while thread 1 holds the manifest write lock"));
  EXPECT_EQ(
      LockTracker().Read({Lock(true, LockHeld::kRead, 1, 1), Lock(true, LockHeld::kRead, 2, 2)},
                         "events", &out),
      "");
  EXPECT_THAT(LockTracker().Read({Callback(1, 2)}, "events", &out),
              HasSubstr("events[0]: seq 2, expected 1"));
  // Two locks (the compactor node has its own): a hold of one does not exclude the other.
  TraceEntry other = Lock(true, LockHeld::kWrite, 2, 2);
  other.lock.lock = 2;
  EXPECT_EQ(LockTracker().Read({Lock(true, LockHeld::kWrite, 1, 1), other}, "events", &out), "");
}

}  // namespace
}  // namespace hookcheck::engine
