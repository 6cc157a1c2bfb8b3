#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <span>
#include <string_view>
#include <vector>
#include <string>

#include "model/op_text.h"
#include "model/step.h"

namespace hookcheck::model {
namespace {

// The role table of model/step.h, as data. A cell is the role (short name) or presence after the
// op, or the error it returns.
struct Row {
  const char* op;
  std::array<const char*, 6> cells;  // W, S, F, Dg, closed, dropped
};

constexpr Row kRoleTable[] = {
    {"Put ts=1", {"W", "S", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"Flush", {"W", "S", "RegionState", "Dg", "RegionNotFound", "RegionNotFound"}},
    {"CompactLocal", {"W", "S", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"CompactRemote", {"W", "S", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},  // erratum 21
    {"EditRegion", {"W", "S", "RegionBusy", "RegionBusy", "RegionNotFound", "RegionNotFound"}},
    {"CopyRegion", {"W", "RegionState", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"EnterStaging expr=1", {"S", "S", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"Remap", {"RegionState", "S", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"ApplyStaging expr=1", {"RegionState", "W", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"Alter", {"W", "RegionState", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"Truncate", {"W", "RegionState", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"BuildIndex", {"W", "S", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"Drop", {"dropped", "dropped", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"Close", {"closed", "closed", "closed", "closed", "closed", "dropped"}},
    {"Open", {"W", "S", "F", "Dg", "F", "RegionNotFound"}},
    {"Create", {"W", "S", "F", "Dg", "W", "W"}},  // erratum 15
    {"FollowerSync", {"RegionState", "RegionState", "F", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"Catchup", {"W", "S", "W", "W", "RegionNotFound", "RegionNotFound"}},
    {"Gc", {"W", "S", "F", "Dg", "RegionNotFound", "RegionNotFound"}},
    {"Checkpoint", {"W", "S", "F", "Dg", "RegionNotFound", "RegionNotFound"}},
    {"SetRole role=F", {"F", "F", "F", "F", "RegionNotFound", "RegionNotFound"}},
    {"SetRole role=W", {"W", "W", "W", "W", "RegionNotFound", "RegionNotFound"}},
    {"SetRole role=Dg", {"Dg", "Dg", "F", "Dg", "RegionNotFound", "RegionNotFound"}},
    {"SetRoleGracefully target=leader", {"W", "Unexpected", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"SetRoleGracefully target=staging_leader", {"S", "S", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
    {"SetRoleGracefully target=follower", {"F", "F", "F", "F", "RegionNotFound", "RegionNotFound"}},
    {"SetRoleGracefully target=downgrading_leader", {"Dg", "Dg", "F", "Dg", "RegionNotFound", "RegionNotFound"}},
    // V5-only ops; the table is the default contract's (V1).
    {"OfflineCleanup", {"Unsupported", "Unsupported", "Unsupported", "Unsupported", "Unsupported", "Unsupported"}},
    {"DiscardUnflushed", {"Unsupported", "Unsupported", "Unsupported", "Unsupported", "Unsupported", "Unsupported"}},
};

// V5 (HEAD): the rows that differ from V1's; every other row is the same under V5.
constexpr Row kV5Rows[] = {
    // handle_offline_cleanup_request: RegionBusy while the region exists; else the dir is gone.
    {"OfflineCleanup", {"RegionBusy", "RegionBusy", "RegionBusy", "RegionBusy", "dropped", "dropped"}},
    // A truncate request: writable_non_staging_region.
    {"DiscardUnflushed", {"W", "RegionState", "RegionState", "RegionState", "RegionNotFound", "RegionNotFound"}},
};

RegionState Reach(std::initializer_list<const char*> lines, const ModelConfig& config) {
  RegionState s = InitialState();
  for (const char* line : lines) s = Step(s, *ParseCommand(line).command, config).next;
  return s;
}

std::string Cell(const RegionState& from, const char* op, const ModelConfig& config) {
  const StepResult r = Step(from, *ParseCommand(op).command, config);
  if (r.expect.result != ErrorCode::kOk) return std::string(Name(r.expect.result));
  if (r.next.presence != Presence::kOpen) return std::string(Name(r.next.presence));
  return std::string(ShortName(r.next.role));
}

// Checks every row of `table` from the six canonical situations under `config`.
void CheckTable(std::span<const Row> table, const ModelConfig& config) {
  const std::array<RegionState, 6> from = {
      Reach({"Put ts=1"}, config),
      Reach({"EnterStaging expr=1", "Put ts=1", "Remap files=0"}, config),
      Reach({"Put ts=1", "SetRole role=F"}, config),
      Reach({"Put ts=1", "SetRole role=Dg"}, config),
      Reach({"Close"}, config),
      Reach({"Drop"}, config),
  };
  const char* const kSituations[] = {"W", "S", "F", "Dg", "closed", "dropped"};
  for (const Row& row : table) {
    ASSERT_TRUE(ParseCommand(row.op).command) << row.op;
    for (size_t i = 0; i < from.size(); ++i) {
      EXPECT_EQ(Cell(from[i], row.op, config), row.cells[i])
          << row.op << " from " << kSituations[i] << " under " << Name(config.contract);
    }
  }
}

TEST(RoleTable, StepImplementsTheTableInStepH) { CheckTable(kRoleTable, {}); }

TEST(RoleTable, UnderV5TheV5OpsFollowTheirRowsAndEveryOtherRowIsV1s) {
  ModelConfig v5;
  v5.contract = ContractVersion::kHead;
  CheckTable(kV5Rows, v5);
  std::vector<Row> others;
  for (const Row& row : kRoleTable) {
    const bool replaced = std::any_of(std::begin(kV5Rows), std::end(kV5Rows), [&](const Row& v) {
      return std::string_view(v.op) == row.op;
    });
    if (!replaced) others.push_back(row);
  }
  EXPECT_EQ(others.size(), std::size(kRoleTable) - std::size(kV5Rows));
  CheckTable(others, v5);
}

TEST(RoleTable, CoversEveryOpKind) {
  std::array<bool, kOpKindCount> seen{};
  for (const Row& row : kRoleTable) seen[ParseCommand(row.op).command->op.index()] = true;
  for (int i = 0; i < kOpKindCount; ++i) EXPECT_TRUE(seen[i]) << OpName(i) << " has no row";
}

}  // namespace
}  // namespace hookcheck::model
