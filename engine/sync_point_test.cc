#include "engine/sync_point.h"

#include <gtest/gtest.h>

namespace hookcheck::engine {
namespace {

TEST(SyncPointsTest, ClearOwnedRemovesOnlyThePointItsOwnerInstalled) {
  SyncPoints points;
  int runs = 0;
  points.Set(
      "P", [&] { ++runs; }, /*one_shot=*/false, /*owner=*/2);
  points.ClearOwned("P", 1);  // an earlier op ending late: not its point
  points.Process("P");
  EXPECT_EQ(runs, 1);
  points.ClearOwned("P", 2);
  points.Process("P");
  EXPECT_EQ(runs, 1);
}

TEST(SyncPointsTest, ClearOwnedNeverRemovesAnUnownedPoint) {
  SyncPoints points;
  int runs = 0;
  points.Set(
      "P", [&] { ++runs; }, /*one_shot=*/true);
  points.ClearOwned("P", 0);
  points.Process("P");
  points.Process("P");  // one-shot: gone after the first run
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace hookcheck::engine
