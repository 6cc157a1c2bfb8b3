// Issue 12 item 2: `explore --merge` never aborts. Every field a shard report is read for is
// checked with its type and range, and a bad one is named ("shard.index: ...").
#include "properties/explorer_merge.h"

#include <gtest/gtest.h>

#include "properties/explorer.h"

namespace hookcheck::properties {
namespace {

nlohmann::json ShardReport(uint32_t index, uint32_t count) {
  ExploreOptions o;
  o.max_depth = 2;
  o.shard = Shard{index, count, 1};
  return ToJson(Explore(o));
}

TEST(ExplorerMerge, AValidReportHasNoError) {
  EXPECT_EQ(ValidateShardReport(ShardReport(0, 2)), "");
  nlohmann::json merged = MergeExploreReports({ShardReport(0, 2), ShardReport(1, 2)});
  EXPECT_FALSE(merged.contains("error")) << merged["error"];
}

TEST(ExplorerMerge, EveryBadFieldIsNamedNeverAnAbort) {
  const nlohmann::json good = ShardReport(0, 2);
  struct Case {
    const char* pointer;   // JSON pointer of the field to break
    nlohmann::json value;  // null: remove it
    const char* expected;  // the start of the error
  };
  const Case cases[] = {
      {"/stats", nullptr, "stats: missing"},
      {"/shard/count", nullptr, "shard.count: missing"},
      {"/shard/count", "2", "shard.count: is not a whole number"},
      {"/shard/count", 0, "shard.count: 0 is out of range 1..4294967295"},
      {"/shard/count", 4294967296ull, "shard.count: 4294967296 is out of range 1..4294967295"},
      {"/shard/index", 2, "shard.index: 2 is not below shard.count 2"},
      {"/shard/index", -1, "shard.index: -1 is out of range 0..4294967295"},
      {"/stats/states", 1e30, "stats.states: is not a whole number"},
      {"/stats/edges", 2.5, "stats.edges: is not a whole number"},
      {"/stats/seconds", "fast", "stats.seconds: is not a number"},
      {"/stats/seconds", -1.0, "stats.seconds: -1"},
      {"/stats/depth_reached", 1000, "stats.depth_reached: 1000 is out of range 0..64"},
      {"/budget_exhausted", 1, "budget_exhausted: is not a boolean"},
      {"/rows", nlohmann::json::object(), "rows: is not an array"},
      {"/rows/0/status", "maybe",
       "rows[0].status: 'maybe' is not one of reached, unknown, not within depth"},
      {"/rows/0/required", "yes", "rows[0].required: is not a boolean"},
      {"/invariants_checked/0", 7, "invariants_checked[0]: is not a string"},
      {"/config", 3, "config: is not an object"},
      {"/violations", nlohmann::json::array({{{"invariant", "x"}}}), "violations[0].path: missing"},
  };
  for (const Case& c : cases) {
    nlohmann::json bad = good;
    const nlohmann::json::json_pointer pointer(c.pointer);
    if (c.value.is_null()) {
      bad[pointer.parent_pointer()].erase(pointer.back());
    } else {
      bad[pointer] = c.value;
    }
    const std::string error = ValidateShardReport(bad);
    EXPECT_EQ(error.rfind(c.expected, 0), 0u) << c.pointer << ": " << error;
    nlohmann::json merged;
    ASSERT_NO_THROW(merged = MergeExploreReports({bad, ShardReport(1, 2)})) << c.pointer;
    EXPECT_TRUE(merged.contains("error")) << c.pointer;
    EXPECT_EQ(merged.value("verdict", ""), "fail") << c.pointer;
  }
  EXPECT_EQ(ValidateShardReport(nlohmann::json::array()), "(top level): is not an object");
}

// Shard 0/2 and a copy of it relabelled 1/3 ... or 2/2: never "all shards complete".
TEST(ExplorerMerge, AShardIndexNotBelowItsCountIsRefused) {
  nlohmann::json relabelled = ShardReport(0, 2);
  relabelled["shard"]["index"] = 2;
  nlohmann::json merged = MergeExploreReports({ShardReport(0, 2), relabelled});
  EXPECT_EQ(merged.value("verdict", ""), "fail");
  EXPECT_NE(merged.value("error", "").find("shard.index"), std::string::npos) << merged.dump();
}

}  // namespace
}  // namespace hookcheck::properties
