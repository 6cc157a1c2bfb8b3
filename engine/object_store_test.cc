#include "engine/object_store.h"

#include <gtest/gtest.h>

namespace hookcheck::engine {
namespace {

TEST(ObjectStoreTest, ArmedSaveFaultFailsOnceAndPersistsNothing) {
  ObjectStore store;
  FaultInjector faults;
  faults.Arm(FaultSite::kManifestSave);
  Status s = store.SaveManifestDelta(1, ManifestDir::kLive, 1, {}, &faults);
  EXPECT_EQ(s.code(), model::ErrorCode::kStorage);
  EXPECT_FALSE(store.MaxVersion(1, ManifestDir::kLive).has_value());
  EXPECT_TRUE(store.SaveManifestDelta(1, ManifestDir::kLive, 2, {}, &faults).ok());
  EXPECT_EQ(store.MaxVersion(1, ManifestDir::kLive), 2u);
}

TEST(ObjectStoreTest, FaultStrikesOnlyItsSite) {
  ObjectStore store;
  FaultInjector faults;
  faults.Arm(FaultSite::kSstWrite);
  EXPECT_TRUE(store.SaveManifestDelta(1, ManifestDir::kStaging, 1, {}, &faults).ok());
  EXPECT_EQ(store.WriteSst(1, FileMeta{.file_id = 3}, &faults).code(), model::ErrorCode::kStorage);
  EXPECT_FALSE(store.SstExists(1, 3));
  EXPECT_TRUE(store.WriteSst(1, FileMeta{.file_id = 3}, &faults).ok());
}

TEST(ObjectStoreTest, NoInjectorNoFault) {
  ObjectStore store;
  FaultInjector faults;
  faults.Arm(FaultSite::kManifestSave);
  EXPECT_TRUE(store.SaveManifestDelta(1, ManifestDir::kLive, 1, {}, nullptr).ok());
  EXPECT_TRUE(faults.Strike(FaultSite::kManifestSave));  // still armed for the datanode
}

TEST(ObjectStoreTest, DisarmWithAStaleTokenKeepsTheNewerFault) {
  FaultInjector faults;
  const uint64_t old = faults.Arm(FaultSite::kManifestSave);
  faults.Arm(FaultSite::kSstWrite);
  faults.Disarm(old);
  EXPECT_TRUE(faults.Strike(FaultSite::kSstWrite));
}

TEST(ObjectStoreTest, StagingDirAndBlobAreSeparateFromLive) {
  ObjectStore store;
  ASSERT_TRUE(
      store.SaveManifestDelta(1, ManifestDir::kStaging, 4, {PartitionExprChange{2}}, nullptr).ok());
  store.PutRemapBlob(1, {FileMeta{.file_id = 9}});
  EXPECT_EQ(store.ListManifestDeltas(1, ManifestDir::kStaging).size(), 1u);
  EXPECT_TRUE(store.ListManifestDeltas(1, ManifestDir::kLive).empty());
  store.ClearManifestDir(1, ManifestDir::kStaging);
  EXPECT_TRUE(store.ListManifestDeltas(1, ManifestDir::kStaging).empty());
  EXPECT_TRUE(store.GetRemapBlob(1).has_value());
}

}  // namespace
}  // namespace hookcheck::engine
