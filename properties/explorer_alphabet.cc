// File: properties/explorer_alphabet.cc
// Implements BuildAlphabet. Each entry is there for a row of the coverage table, a refusal, or a
// fault row; the comments say which, so trimming the alphabet is a deliberate act.
#include "properties/explorer_alphabet.h"

#include <cassert>

namespace hookcheck::properties {
namespace {

using model::Command;
using model::Fault;
using model::FaultKind;
using model::RoleState;

Fault Strike(FaultKind kind, RoleState role = RoleState::kFollower) { return Fault{kind, role}; }

}  // namespace

std::vector<Command> BuildAlphabet(const AlphabetOptions& options,
                                   model::ContractVersion contract) {
  std::vector<Command> out;
  auto add = [&out](model::Op op, Fault fault = {}) {
    out.push_back(Command{std::move(op), fault});
  };
  const bool faults = options.faults;

  for (uint8_t ts : options.put_ts) add(model::Put{ts});

  add(model::Flush{});
  if (faults) {
    add(model::Flush{}, Strike(FaultKind::kSstWriteFails));
    add(model::Flush{}, Strike(FaultKind::kSaveFails));
    add(model::Flush{}, Strike(FaultKind::kRebuildFails));
    // Commit refused after SFW (F), Dg passing every predicate, and the stale is_staging flush (W from S).
    add(model::Flush{}, Strike(FaultKind::kRoleChangeBeforeCommit, RoleState::kFollower));
    add(model::Flush{}, Strike(FaultKind::kRoleChangeBeforeCommit, RoleState::kDowngrading));
    add(model::Flush{}, Strike(FaultKind::kRoleChangeBeforeCommit, RoleState::kWritable));
  }

  // The picker's outcomes: merge only, TTL then merge, one output failing, all failing, a
  // crashed sub-task, no memory budget. The TTL bound sits between the two Put buckets.
  const uint8_t ttl = options.put_ts.size() >= 2 ? options.put_ts[1] : 8;
  add(model::CompactLocal{});
  add(model::CompactLocal{.expire_before = ttl});
  add(model::CompactLocal{.failed_outputs = 1});
  add(model::CompactLocal{.failed_outputs = 0xFF});
  add(model::CompactLocal{.crash = true});
  add(model::CompactLocal{.budget_fails = true});
  if (faults) {
    add(model::CompactLocal{.expire_before = ttl}, Strike(FaultKind::kSaveFails));
    add(model::CompactLocal{}, Strike(FaultKind::kRebuildFails));
    add(model::CompactLocal{}, Strike(FaultKind::kRoleChangeBeforeCommit, RoleState::kFollower));
  }

  add(model::CompactRemote{.plugins = true});
  add(model::CompactRemote{.plugins = false});
  add(model::CompactRemote{.plugins = true, .expire_before = ttl});

  add(model::EditRegion{.add = 1});
  add(model::EditRegion{.add = 0, .remove = 1});
  add(model::EditRegion{.add = 0, .remove = 0});  // empty edit: InvalidRequest
  add(model::EditRegion{.add = 1, .rows = 0});    // index output empty
  add(model::EditRegion{.add = 1, .queued = 1});  // the queued edit merges into a second MU
  if (faults) {
    add(model::EditRegion{.add = 1}, Strike(FaultKind::kSaveFails));
    add(model::EditRegion{.add = 1}, Strike(FaultKind::kRebuildFails));
  }

  add(model::CopyRegion{.source_files = 1});
  add(model::CopyRegion{.source_files = 2});
  if (faults) add(model::CopyRegion{.source_files = 1}, Strike(FaultKind::kSaveFails));

  for (model::PartitionExpr e : options.exprs) {
    add(model::EnterStaging{.directive = model::StagingDirective::kUpdatePartitionExpr, .expr = e});
  }
  add(model::EnterStaging{.directive = model::StagingDirective::kRejectAllWrites});
  if (faults && !options.exprs.empty()) {
    add(model::EnterStaging{.directive = model::StagingDirective::kUpdatePartitionExpr,
                            .expr = options.exprs[0]},
        Strike(FaultKind::kSaveFails));
  }

  add(model::Remap{.files = 0});  // an empty blob: MU #1 carries an empty Edit
  add(model::Remap{.files = 1});

  for (model::PartitionExpr e : options.exprs) add(model::ApplyStaging{.expr = e});
  if (faults && !options.exprs.empty()) {
    add(model::ApplyStaging{.expr = options.exprs[0]}, Strike(FaultKind::kSaveFails));
    add(model::ApplyStaging{.expr = options.exprs[0]}, Strike(FaultKind::kRebuildFails));
  }

  add(model::Alter{model::AlterKind::kAddColumn});
  add(model::Alter{model::AlterKind::kSetIndexes});
  add(model::Alter{model::AlterKind::kOptionsOnly});
  add(model::Alter{model::AlterKind::kNoop});
  if (faults) add(model::Alter{model::AlterKind::kAddColumn}, Strike(FaultKind::kSaveFails));

  add(model::Truncate{.all = true});
  add(model::Truncate{.all = false, .lo = 0, .hi = static_cast<uint8_t>(ttl > 0 ? ttl - 1 : 0)});
  if (faults) add(model::Truncate{.all = true}, Strike(FaultKind::kSaveFails));

  add(model::BuildIndex{});
  if (faults) add(model::BuildIndex{}, Strike(FaultKind::kSaveFails));

  if (options.role_ops) {
    add(model::Drop{});
    add(model::Close{});
    add(model::Open{.fetch_partition_expr = true});
    add(model::Open{.fetch_partition_expr = false});
    add(model::Create{});
    add(model::FollowerSync{});
    add(model::Catchup{.set_writable = true});
    add(model::Catchup{.set_writable = false});
    if (faults) add(model::Catchup{.set_writable = true}, Strike(FaultKind::kSaveFails));
    add(model::Gc{});
    add(model::Checkpoint{});
    add(model::SetRole{RoleState::kFollower});
    add(model::SetRole{RoleState::kWritable});
    add(model::SetRole{RoleState::kDowngrading});
    add(model::SetRoleGracefully{model::GracefulTarget::kLeader});
    add(model::SetRoleGracefully{model::GracefulTarget::kStagingLeader});
    add(model::SetRoleGracefully{model::GracefulTarget::kFollower});
    add(model::SetRoleGracefully{model::GracefulTarget::kDowngradingLeader});
    if (faults)
      add(model::SetRoleGracefully{model::GracefulTarget::kLeader}, Strike(FaultKind::kSaveFails));
  }

  // V4: a GC pass that lists the whole store fires on_region_gc even when it deleted nothing.
  if (model::FiresGcCallback(contract) && options.role_ops) add(model::Gc{.full_listing = true});
  if (model::HasHeadPaths(contract)) {
    if (options.role_ops) add(model::OfflineCleanup{});
    add(model::DiscardUnflushed{});
    if (faults) {
      add(model::Flush{}, Strike(FaultKind::kFlushCancelled));
      // Conditional index publication: the role changes between the build and its publication.
      add(model::BuildIndex{}, Strike(FaultKind::kRoleChangeBeforeCommit, RoleState::kFollower));
      add(model::BuildIndex{}, Strike(FaultKind::kRoleChangeBeforeCommit, RoleState::kDowngrading));
    }
  }
  assert(out.size() <= 255);
  return out;
}

}  // namespace hookcheck::properties
