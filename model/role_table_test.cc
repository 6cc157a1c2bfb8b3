#include <gtest/gtest.h>

#include <array>
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

RegionState Reach(std::initializer_list<const char*> lines) {
  RegionState s = InitialState();
  for (const char* line : lines) s = Step(s, *ParseCommand(line).command, {}).next;
  return s;
}

std::string Cell(const RegionState& from, const char* op) {
  const StepResult r = Step(from, *ParseCommand(op).command, {});
  if (r.expect.result != ErrorCode::kOk) return std::string(Name(r.expect.result));
  if (r.next.presence != Presence::kOpen) return std::string(Name(r.next.presence));
  return std::string(ShortName(r.next.role));
}

TEST(RoleTable, StepImplementsTheTableInStepH) {
  const std::array<RegionState, 6> from = {
      Reach({"Put ts=1"}),
      Reach({"EnterStaging expr=1", "Put ts=1", "Remap files=0"}),
      Reach({"Put ts=1", "SetRole role=F"}),
      Reach({"Put ts=1", "SetRole role=Dg"}),
      Reach({"Close"}),
      Reach({"Drop"}),
  };
  const char* const kSituations[] = {"W", "S", "F", "Dg", "closed", "dropped"};
  for (const Row& row : kRoleTable) {
    ASSERT_TRUE(ParseCommand(row.op).command) << row.op;
    for (size_t i = 0; i < from.size(); ++i) {
      EXPECT_EQ(Cell(from[i], row.op), row.cells[i]) << row.op << " from " << kSituations[i];
    }
  }
}

TEST(RoleTable, CoversEveryOpKind) {
  std::array<bool, kOpKindCount> seen{};
  for (const Row& row : kRoleTable) seen[ParseCommand(row.op).command->op.index()] = true;
  for (int i = 0; i < kOpKindCount; ++i) EXPECT_TRUE(seen[i]) << OpName(i) << " has no row";
}

}  // namespace
}  // namespace hookcheck::model
