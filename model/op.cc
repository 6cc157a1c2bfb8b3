// File: model/op.cc
// Names of the ops and of their enum parameters declared in model/op.h.
#include "model/op.h"

#include <array>

namespace hookcheck::model {
namespace {

// In the order of the `Op` variant's alternatives.
constexpr std::array<std::string_view, kOpKindCount> kOpNames = {"Put",
                                                                 "Flush",
                                                                 "CompactLocal",
                                                                 "CompactRemote",
                                                                 "EditRegion",
                                                                 "CopyRegion",
                                                                 "EnterStaging",
                                                                 "Remap",
                                                                 "ApplyStaging",
                                                                 "Alter",
                                                                 "Truncate",
                                                                 "BuildIndex",
                                                                 "Drop",
                                                                 "Close",
                                                                 "Open",
                                                                 "Create",
                                                                 "FollowerSync",
                                                                 "Catchup",
                                                                 "Gc",
                                                                 "Checkpoint",
                                                                 "SetRole",
                                                                 "SetRoleGracefully",
                                                                 "OfflineCleanup",
                                                                 "DiscardUnflushed"};

}  // namespace

std::string_view OpName(const Op& op) { return kOpNames[op.index()]; }

std::string_view OpName(int index) {
  if (index < 0 || index >= kOpKindCount) return "?";
  return kOpNames[static_cast<size_t>(index)];
}

std::string_view Name(FaultKind f) {
  switch (f) {
    case FaultKind::kNone:
      return "none";
    case FaultKind::kSaveFails:
      return "save_fails";
    case FaultKind::kRebuildFails:
      return "rebuild_fails";
    case FaultKind::kSstWriteFails:
      return "sst_write_fails";
    case FaultKind::kRoleChangeBeforeCommit:
      return "role_change";
    case FaultKind::kFlushCancelled:
      return "flush_cancelled";
  }
  return "?";
}

std::string_view Name(AlterKind k) {
  switch (k) {
    case AlterKind::kAddColumn:
      return "add_column";
    case AlterKind::kSetIndexes:
      return "set_indexes";
    case AlterKind::kFormat:
      return "format";
    case AlterKind::kOptionsOnly:
      return "options_only";
    case AlterKind::kNoop:
      return "noop";
  }
  return "?";
}

std::string_view Name(GracefulTarget t) {
  switch (t) {
    case GracefulTarget::kLeader:
      return "leader";
    case GracefulTarget::kStagingLeader:
      return "staging_leader";
    case GracefulTarget::kFollower:
      return "follower";
    case GracefulTarget::kDowngradingLeader:
      return "downgrading_leader";
  }
  return "?";
}

std::string_view Name(StagingDirective d) {
  return d == StagingDirective::kUpdatePartitionExpr ? "update_partition_expr"
                                                     : "reject_all_writes";
}

}  // namespace hookcheck::model
