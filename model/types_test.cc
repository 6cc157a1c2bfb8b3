// Names, parsers and printers of the vocabulary (types.h, op.h, config.h, expectation.h,
// observation.h).
#include "model/types.h"

#include <gtest/gtest.h>

#include "model/config.h"
#include "model/expectation.h"
#include "model/internal/test_util.h"
#include "model/observation.h"
#include "model/op.h"

namespace hookcheck::model {
namespace {

using test_util::EditA;

TEST(Types, RoleStateNamesRoundTripThroughParse) {
  const char* names[] = {"Follower", "Writable",   "Staging", "EnteringStaging", "Altering",
                         "Dropping", "Truncating", "Editing", "Downgrading"};
  const char* shorts[] = {"F", "W", "S", "ES", "A", "Dr", "T", "E", "Dg"};
  for (int i = 0; i < kRoleStateCount; ++i) {
    const auto s = static_cast<RoleState>(i);
    EXPECT_EQ(Name(s), names[i]);
    EXPECT_EQ(ShortName(s), shorts[i]);
    EXPECT_EQ(ParseRoleState(names[i]), s);
    EXPECT_EQ(ParseRoleState(shorts[i]), s);
  }
  EXPECT_EQ(ParseRoleState("Writer"), std::nullopt);
}

TEST(Types, ErrorCodeNamesRoundTripThroughParse) {
  EXPECT_EQ(Name(ErrorCode::kOk), "Ok");
  EXPECT_EQ(Name(ErrorCode::kRegionTruncated), "RegionTruncated");
  EXPECT_EQ(Name(ErrorCode::kPartitionMismatch), "PartitionMismatch");
  for (int i = 0; i <= static_cast<int>(ErrorCode::kCancelled); ++i) {
    const auto e = static_cast<ErrorCode>(i);
    EXPECT_EQ(ParseErrorCode(Name(e)), e);
  }
  EXPECT_EQ(ParseErrorCode("ok"), std::nullopt);
}

TEST(Types, CallbackActionKindAndPresenceNames) {
  EXPECT_EQ(Name(Callback::kSstFilesWritten), "SFW");
  EXPECT_EQ(Name(Callback::kManifestUpdated), "MU");
  EXPECT_EQ(Name(ActionKind::kPartitionExprChange), "PartitionExprChange");
  EXPECT_EQ(ParseActionKind("TruncatePartial"), ActionKind::kTruncatePartial);
  EXPECT_EQ(ParseActionKind("Nope"), std::nullopt);
  EXPECT_EQ(Name(Presence::kOpen), "open");
  EXPECT_EQ(Name(Presence::kClosed), "closed");
  EXPECT_EQ(Name(Presence::kDropped), "dropped");
}

TEST(Types, ActionsPrintTheirPayload) {
  EXPECT_EQ(ToString(EditA({3, 4}, {1})), "Edit(+3,4 -1)");
  EXPECT_EQ(ToString(EditA({})), "Edit()");
  EXPECT_EQ(ToString(EditA({}, {2})), "Edit(-2)");
  EXPECT_EQ(ToString(Action{.kind = ActionKind::kChange}), "Change");
  EXPECT_EQ(ToString(Action{.kind = ActionKind::kPartitionExprChange, .expr = 2}),
            "PartitionExprChange(2)");
  EXPECT_EQ(ToString(Action{.kind = ActionKind::kTruncateAll}), "TruncateAll");
  EXPECT_EQ(ToString(Action{.kind = ActionKind::kTruncatePartial, .remove = {3, 4}}),
            "TruncatePartial(-3,4)");
  EXPECT_EQ(ToString(std::vector<Action>{EditA({1}), Action{.kind = ActionKind::kChange}}),
            "[Edit(+1), Change]");
  EXPECT_EQ(ToString(std::vector<Action>{}), "[]");
  EXPECT_EQ(ToString(std::vector<FileId>{3, 4}), "[3,4]");
  EXPECT_EQ(ToString(std::vector<FileId>{}), "[]");
}

TEST(Types, OpAndParameterNames) {
  EXPECT_EQ(OpName(Op{CompactLocal{}}), "CompactLocal");
  EXPECT_EQ(OpName(Op{SetRoleGracefully{}}), "SetRoleGracefully");
  EXPECT_EQ(OpName(0), "Put");
  EXPECT_EQ(OpName(kOpKindCount - 1), "DiscardUnflushed");
  EXPECT_EQ(OpName(Op{FollowerSync{}}), "FollowerSync");
  EXPECT_EQ(Name(FaultKind::kNone), "none");
  EXPECT_EQ(Name(FaultKind::kRoleChangeBeforeCommit), "role_change");
  EXPECT_EQ(Name(FaultKind::kSstWriteFails), "sst_write_fails");
  EXPECT_EQ(Name(AlterKind::kOptionsOnly), "options_only");
  EXPECT_EQ(Name(GracefulTarget::kDowngradingLeader), "downgrading_leader");
  EXPECT_EQ(Name(StagingDirective::kRejectAllWrites), "reject_all_writes");
}

TEST(Types, ContractVersionNamesRoundTrip) {
  EXPECT_EQ(Name(ContractVersion::kSeed), "seed");
  EXPECT_EQ(Name(ContractVersion::kStagingSuppressed), "v3");
  EXPECT_EQ(ParseContractVersion("v3"), ContractVersion::kStagingSuppressed);
  EXPECT_EQ(ParseContractVersion("seed"), ContractVersion::kSeed);
  EXPECT_EQ(ParseContractVersion("v1"), ContractVersion::kSeed);
  for (int i = 0; i < kContractVersionCount; ++i) {
    const auto v = static_cast<ContractVersion>(i);
    EXPECT_EQ(ParseContractVersion(Name(v)), v) << Name(v);
  }
  EXPECT_EQ(Name(ContractVersion::kHead), "v5");
  EXPECT_EQ(ParseContractVersion("v6"), std::nullopt);
  EXPECT_EQ(ParseContractVersion("V2"), std::nullopt);
}

TEST(Types, ExpectationPrintsCallsInOrder) {
  Expectation e = test_util::Expect(
      ErrorCode::kOk, {test_util::Sfw({3}, "flush"), test_util::Mu(5, {EditA({3})}, "flush")});
  EXPECT_EQ(ToString(e), "Ok: SFW [3] -> MU v5 [Edit(+3)]");
  EXPECT_EQ(ToString(test_util::Expect(ErrorCode::kRegionState)), "RegionState: nothing");
}

TEST(Types, ObservationDiffNamesEachDifferingField) {
  Observation a, b;
  EXPECT_EQ(Diff(a, b), "");
  a.live_files = {3};
  b.live_files = {3, 4};
  b.manifest_version = 2;
  EXPECT_EQ(Diff(a, b), "live_files: model [3] engine [3,4]\nmanifest_version: model 0 engine 2\n");
  Observation closed;
  closed.presence = Presence::kClosed;
  EXPECT_EQ(ToString(closed), "closed");
}

}  // namespace
}  // namespace hookcheck::model
