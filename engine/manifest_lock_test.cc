#include "engine/manifest_lock.h"

#include <gtest/gtest.h>

#include <thread>

#include "engine/runtime/threads_runtime.h"

namespace hookcheck::engine {
namespace {

TEST(ManifestLockTest, NotHeldByDefault) {
  runtime::ThreadsRuntime rt;  // the test's threads are tasks it adopts
  ManifestLock mu(&rt);
  EXPECT_EQ(mu.HeldByCurrentTask().mode, LockHeld::kNone);
  EXPECT_EQ(ManifestLock::AnyHeldByCurrentTask(rt).mode, LockHeld::kNone);
}

TEST(ManifestLockTest, WriteGuardIsRecordedWithItsSite) {
  runtime::ThreadsRuntime rt;  // the test's threads are tasks it adopts
  ManifestLock mu(&rt);
  {
    ManifestWriteGuard g(&mu, "Test:Write");
    EXPECT_EQ(mu.HeldByCurrentTask().mode, LockHeld::kWrite);
    EXPECT_STREQ(mu.HeldByCurrentTask().site, "Test:Write");
    EXPECT_EQ(ManifestLock::AnyHeldByCurrentTask(rt).mode, LockHeld::kWrite);
  }
  EXPECT_EQ(mu.HeldByCurrentTask().mode, LockHeld::kNone);
}

TEST(ManifestLockTest, ReadGuardIsRecordedAsRead) {
  runtime::ThreadsRuntime rt;  // the test's threads are tasks it adopts
  ManifestLock mu(&rt);
  ManifestReadGuard g(&mu, "Test:Read");
  EXPECT_EQ(mu.HeldByCurrentTask().mode, LockHeld::kRead);
  EXPECT_STREQ(ManifestLock::AnyHeldByCurrentTask(rt).site, "Test:Read");
}

TEST(ManifestLockTest, HoldsArePerTask) {
  runtime::ThreadsRuntime rt;  // the test's threads are tasks it adopts
  ManifestLock mu(&rt);
  ManifestWriteGuard g(&mu, "Test:Main");
  LockHeld other = LockHeld::kWrite;
  std::thread t([&] { other = ManifestLock::AnyHeldByCurrentTask(rt).mode; });
  t.join();
  EXPECT_EQ(other, LockHeld::kNone);
}

TEST(ManifestLockTest, WriteBeatsReadAcrossLocks) {
  runtime::ThreadsRuntime rt;
  ManifestLock a(&rt), b(&rt);
  ManifestReadGuard ga(&a, "A");
  ManifestWriteGuard gb(&b, "B");
  EXPECT_EQ(ManifestLock::AnyHeldByCurrentTask(rt).mode, LockHeld::kWrite);
  EXPECT_STREQ(ManifestLock::AnyHeldByCurrentTask(rt).site, "B");
}

TEST(ManifestLockTest, ReadersShare) {
  runtime::ThreadsRuntime rt;  // the test's threads are tasks it adopts
  ManifestLock mu(&rt);
  ManifestReadGuard g(&mu, "Main");
  bool got = false;
  std::thread t([&] {
    ManifestReadGuard g2(&mu, "Other");
    got = mu.HeldByCurrentTask().mode == LockHeld::kRead;
  });
  t.join();
  EXPECT_TRUE(got);
}

}  // namespace
}  // namespace hookcheck::engine
