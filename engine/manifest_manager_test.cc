#include "engine/manifest_manager.h"

#include <gtest/gtest.h>

namespace hookcheck::engine {
namespace {

RegionEdit AddFile(FileId id) {
  RegionEdit e;
  e.files_to_add.push_back(FileMeta{.file_id = id});
  return e;
}

TEST(ManifestManagerTest, CreateWritesVersionZero) {
  ObjectStore store;
  auto m = RegionManifestManager::Create({1, &store, nullptr, Mutant::kNone});
  EXPECT_EQ(m->last_version(), 0u);
  EXPECT_EQ(store.MaxVersion(1, ManifestDir::kLive), 0u);
}

TEST(ManifestManagerTest, FailedSaveStillConsumesItsVersion) {
  ObjectStore store;
  FaultInjector faults;
  auto m = RegionManifestManager::Create({1, &store, &faults, Mutant::kNone});
  faults.Arm(FaultSite::kManifestSave);
  Version v = 0;
  EXPECT_EQ(m->Update({AddFile(1)}, false, &v).code(), model::ErrorCode::kStorage);
  EXPECT_EQ(m->last_version(), 1u);
  ASSERT_TRUE(m->Update({AddFile(1)}, false, &v).ok());
  EXPECT_EQ(v, 2u);  // the next write skips a number
}

TEST(ManifestManagerTest, MutantGivesTheFailedSavesVersionBack) {
  ObjectStore store;
  FaultInjector faults;
  auto m =
      RegionManifestManager::Create({1, &store, &faults, Mutant::kVersionNotConsumedOnFailedSave});
  faults.Arm(FaultSite::kManifestSave);
  Version v = 0;
  EXPECT_FALSE(m->Update({AddFile(1)}, false, &v).ok());
  EXPECT_EQ(m->last_version(), 0u);
}

TEST(ManifestManagerTest, FailedRebuildPersistsTheDeltaButNotInMemory) {
  ObjectStore store;
  FaultInjector faults;
  auto m = RegionManifestManager::Create({1, &store, &faults, Mutant::kNone});
  faults.Arm(FaultSite::kManifestRebuild);
  Version v = 0;
  EXPECT_EQ(m->Update({AddFile(5)}, false, &v).code(), model::ErrorCode::kUnexpected);
  EXPECT_TRUE(m->manifest().files.empty());
  EXPECT_EQ(store.MaxVersion(1, ManifestDir::kLive), 1u);
  auto reopened = RegionManifestManager::Open({1, &store, nullptr, Mutant::kNone});
  EXPECT_EQ(reopened->manifest().files.count(5), 1u);
}

TEST(ManifestManagerTest, LiveAndStagingWritesShareOneCounter) {
  ObjectStore store;
  auto m = RegionManifestManager::Create({1, &store, nullptr, Mutant::kNone});
  Version v = 0;
  ASSERT_TRUE(m->Update({AddFile(1)}, false, &v).ok());
  ASSERT_TRUE(m->Update({PartitionExprChange{2}}, true, &v).ok());
  ASSERT_TRUE(m->Update({AddFile(2)}, true, &v).ok());
  ASSERT_TRUE(m->Update({AddFile(3)}, false, &v).ok());
  EXPECT_EQ(v, 4u);
  EXPECT_EQ(m->manifest().files.size(), 2u);  // 1 and 3
  ASSERT_TRUE(m->staging_manifest().has_value());
  EXPECT_EQ(m->staging_manifest()->partition_expr, 2);
  EXPECT_EQ(m->MergeStagedActions().size(), 2u);
}

TEST(ManifestManagerTest, OpenReadsTheCounterBackFromTheLiveDir) {
  ObjectStore store;
  auto m = RegionManifestManager::Create({1, &store, nullptr, Mutant::kNone});
  Version v = 0;
  ASSERT_TRUE(m->Update({AddFile(1)}, false, &v).ok());
  ASSERT_TRUE(m->Update({AddFile(2)}, true, &v).ok());  // v2, staging: forgotten on open
  auto reopened = RegionManifestManager::Open({1, &store, nullptr, Mutant::kNone});
  EXPECT_EQ(reopened->last_version(), 1u);
}

}  // namespace
}  // namespace hookcheck::engine
