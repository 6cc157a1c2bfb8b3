#include "engine/manifest_lock.h"

#include <gtest/gtest.h>

#include <thread>

namespace hookcheck::engine {
namespace {

TEST(ManifestLockTest, NotHeldByDefault) {
  ManifestLock mu;
  EXPECT_EQ(mu.HeldByCurrentThread().mode, LockHeld::kNone);
  EXPECT_EQ(ManifestLock::AnyHeldByCurrentThread().mode, LockHeld::kNone);
}

TEST(ManifestLockTest, WriteGuardIsRecordedWithItsSite) {
  ManifestLock mu;
  {
    ManifestWriteGuard g(&mu, "Test:Write");
    EXPECT_EQ(mu.HeldByCurrentThread().mode, LockHeld::kWrite);
    EXPECT_STREQ(mu.HeldByCurrentThread().site, "Test:Write");
    EXPECT_EQ(ManifestLock::AnyHeldByCurrentThread().mode, LockHeld::kWrite);
  }
  EXPECT_EQ(mu.HeldByCurrentThread().mode, LockHeld::kNone);
}

TEST(ManifestLockTest, ReadGuardIsRecordedAsRead) {
  ManifestLock mu;
  ManifestReadGuard g(&mu, "Test:Read");
  EXPECT_EQ(mu.HeldByCurrentThread().mode, LockHeld::kRead);
  EXPECT_STREQ(ManifestLock::AnyHeldByCurrentThread().site, "Test:Read");
}

TEST(ManifestLockTest, RegistryIsPerThread) {
  ManifestLock mu;
  ManifestWriteGuard g(&mu, "Test:Main");
  LockHeld other = LockHeld::kWrite;
  std::thread t([&] { other = ManifestLock::AnyHeldByCurrentThread().mode; });
  t.join();
  EXPECT_EQ(other, LockHeld::kNone);
}

TEST(ManifestLockTest, WriteBeatsReadAcrossLocks) {
  ManifestLock a, b;
  ManifestReadGuard ga(&a, "A");
  ManifestWriteGuard gb(&b, "B");
  EXPECT_EQ(ManifestLock::AnyHeldByCurrentThread().mode, LockHeld::kWrite);
  EXPECT_STREQ(ManifestLock::AnyHeldByCurrentThread().site, "B");
}

TEST(ManifestLockTest, ReadersShare) {
  ManifestLock mu;
  ManifestReadGuard g(&mu, "Main");
  bool got = false;
  std::thread t([&] {
    ManifestReadGuard g2(&mu, "Other");
    got = mu.HeldByCurrentThread().mode == LockHeld::kRead;
  });
  t.join();
  EXPECT_TRUE(got);
}

}  // namespace
}  // namespace hookcheck::engine
