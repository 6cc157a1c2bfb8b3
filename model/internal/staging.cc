// File: model/internal/staging.cc
// Role changes and staging: SetRole, SetRoleGracefully, Catchup, EnterStaging, Remap and
// ApplyStaging (docs/contract.md §2), with the staging exit and backfill of hook-paths.md §4.
#include "model/internal/machine.h"

namespace hookcheck::model::step_internal {

void Machine::SetRoleLockFree(RoleState role) {
  const RoleState old = s_.role;
  switch (role) {
    case RoleState::kFollower:
      s_.role = RoleState::kFollower;
      break;
    case RoleState::kWritable:
      if (RoleIn({RoleState::kFollower, RoleState::kDowngrading, RoleState::kStaging})) {
        s_.role = RoleState::kWritable;
      }
      break;
    case RoleState::kDowngrading:
      if (RoleIn({RoleState::kWritable, RoleState::kStaging})) s_.role = RoleState::kDowngrading;
      break;
    default:
      break;  // not a set_role target: nothing changes
  }
  if (old == RoleState::kStaging && s_.role != RoleState::kStaging) DiscardStagingInfo();
}

void Machine::DiscardStagingInfo() {
  s_.staging_directive.reset();
  s_.staging_expr = 0;
  s_.reject_writes = false;
}

void Machine::ClearStagingDir() {
  s_.staged_actions.clear();
  s_.staged_files.clear();
  s_.staged_flushed_entry_id = 0;
  s_.staged_flushed_sequence = 0;
  s_.remap_blob.reset();
}

std::optional<PendingMu> Machine::ExitStaging() {
  if (s_.staged_actions.empty()) {
    DiscardStagingInfo();
    s_.role = RoleState::kWritable;
    return std::nullopt;
  }
  int edits = 0;
  bool change = false, expr_change = false;
  for (const Action& a : s_.staged_actions) {
    edits += a.kind == ActionKind::kEdit;
    change |= a.kind == ActionKind::kChange;
    expr_change |= a.kind == ActionKind::kPartitionExprChange;
  }
  // The model has no columns: a staged Change never changes them, so only the shape is checked.
  if (edits == 0 || change == expr_change) {
    return PendingMu{{ErrorCode::kUnexpected, 0}, {}};
  }
  PendingMu pending;
  pending.actions = s_.staged_actions;
  WriteSpec w;
  w.predicate = Predicate::kUnchecked;  // the caller checked S under the same guard
  w.truncation_check = false;           // update_locked: no truncation check
  w.actions = s_.staged_actions;
  w.new_files = s_.staged_files;
  if (s_.staged_flushed_entry_id != 0) w.flushed_entry_id = s_.staged_flushed_entry_id;
  if (s_.staged_flushed_sequence != 0) w.flushed_sequence = s_.staged_flushed_sequence;
  pending.outcome = Write(w, "promotion", 0, /*fire=*/false);
  if (pending.outcome.code != ErrorCode::kOk) return pending;  // stays S, staged deltas kept
  for (const Action& a : pending.actions) {
    if (a.kind == ActionKind::kPartitionExprChange) s_.version_expr = a.expr;
  }
  ClearStagingDir();
  DiscardStagingInfo();
  s_.role = RoleState::kWritable;
  return pending;
}

std::optional<PendingMu> Machine::Backfill() {
  if (s_.role != RoleState::kWritable || s_.live_expr != 0 || s_.version_expr == 0) {
    return std::nullopt;
  }
  PendingMu pending;
  pending.actions = {Action{.kind = ActionKind::kChange}};
  WriteSpec w;
  w.predicate = Predicate::kUnchecked;
  w.truncation_check = false;
  w.actions = pending.actions;
  pending.outcome = Write(w, "backfill", 0, /*fire=*/false);
  return pending;
}

ErrorCode Machine::Do(const SetRole& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  SetRoleLockFree(op.role);
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const SetRoleGracefully& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  switch (op.target) {
    case GracefulTarget::kLeader: {
      if (!RoleIn({RoleState::kWritable, RoleState::kStaging})) return ErrorCode::kRegionState;
      std::optional<PendingMu> exit;
      if (s_.role == RoleState::kStaging) {
        exit = ExitStaging();
        if (exit && exit->outcome.code != ErrorCode::kOk) return exit->outcome.code;
      }
      std::optional<PendingMu> backfill = Backfill();
      // A failed backfill is logged and swallowed; the exit's MU (if any) still fires.
      if (backfill && backfill->outcome.code != ErrorCode::kOk) backfill.reset();
      if (exit && backfill) {
        // PMH::merge: exit actions then the backfill's, at the larger (backfill) version.
        std::vector<Action> merged = exit->actions;
        merged.insert(merged.end(), backfill->actions.begin(), backfill->actions.end());
        AddMu(std::move(merged), backfill->outcome.version, "exit+backfill");
      } else if (exit) {
        AddMu(exit->actions, exit->outcome.version, "promotion");
      } else if (backfill) {
        AddMu(backfill->actions, backfill->outcome.version, "backfill");
      }
      return ErrorCode::kOk;
    }
    case GracefulTarget::kStagingLeader:
      if (s_.role == RoleState::kStaging) return ErrorCode::kOk;
      if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
      // set_staging: clears the staging files under ML, no write, no partition info.
      ClearStagingDir();
      DiscardStagingInfo();
      s_.role = RoleState::kStaging;
      return ErrorCode::kOk;
    case GracefulTarget::kFollower:
      SetRoleLockFree(RoleState::kFollower);
      return ErrorCode::kOk;
    case GracefulTarget::kDowngradingLeader:
      // Other states only log a warning.
      if (RoleIn({RoleState::kWritable, RoleState::kStaging})) {
        SetRoleLockFree(RoleState::kDowngrading);
      }
      return ErrorCode::kOk;
  }
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const Catchup& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (RoleIn({RoleState::kWritable, RoleState::kStaging})) return ErrorCode::kOk;
  // reopen_region_if_needed (erratum 16): has_update is a live-dir delta above the counter.
  const bool has_update = s_.persisted.version > s_.last_version;
  const uint64_t wal_latest = WalLatestEntryId();  // the WAL outlives the region instance
  if (!s_.memtable.empty() || has_update) {
    // A new region instance, opened with skip_wal_replay and the fetcher asked again; it comes up
    // Follower, so a Dg region catching up without set_writable ends F.
    OpenFromLiveDir(WalReplay::kSkip);
  }
  // local_wal_catchup (region/catchup.rs at f684479d9c, lines 141-166): the entry id rises to the
  // WAL store's latest entry id, and the WAL is obsoleted up to it: no later Open replays the rows.
  s_.last_entry_id = std::max(s_.last_entry_id, wal_latest);
  s_.wal_unreplayed.clear();
  if (!op.set_writable) return ErrorCode::kOk;
  s_.role = RoleState::kWritable;  // set_role(Leader), then set_role_state_gracefully(Leader)
  std::optional<PendingMu> backfill = Backfill();
  if (backfill && backfill->outcome.code == ErrorCode::kOk) {
    AddMu(backfill->actions, backfill->outcome.version, "backfill");
  }
  return ErrorCode::kOk;  // a failed backfill is swallowed
}

ErrorCode Machine::Do(const EnterStaging& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role == RoleState::kStaging) {
    // A RejectAllWrites directive has no expr, so only its kind is compared.
    const bool same =
        s_.staging_directive == op.directive &&
        (op.directive == StagingDirective::kRejectAllWrites || s_.staging_expr == op.expr);
    return same ? ErrorCode::kOk : ErrorCode::kPartitionMismatch;
  }
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  if (!s_.memtable.empty()) {
    const ErrorCode flushed = RunFlush(FlushReason::kDdl, nullptr);
    if (flushed != ErrorCode::kOk) return flushed;
    // The parked DDL re-runs its gate: a role_change fault during the flush may have left W.
    if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  }
  ClearStagingDir();
  if (op.directive == StagingDirective::kRejectAllWrites) {
    s_.role = RoleState::kStaging;
    s_.staging_directive = op.directive;
    s_.staging_expr = 0;
    s_.reject_writes = true;
    return ErrorCode::kOk;
  }
  s_.role = RoleState::kEnteringStaging;
  WriteSpec w;
  w.dir = Dir::kStaging;
  w.predicate = Predicate::kEnteringStaging;
  w.actions = {Action{.kind = ActionKind::kPartitionExprChange, .expr = op.expr}};
  const WriteOutcome out = Write(w, "enter staging");
  if (out.code != ErrorCode::kOk) {
    s_.role = RoleState::kWritable;  // unset_staging_manifest: bookkeeping only, the dir stays
    return out.code;
  }
  s_.role = RoleState::kStaging;
  s_.staging_directive = op.directive;
  s_.staging_expr = op.expr;
  s_.reject_writes = false;
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const Remap& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role != RoleState::kStaging) return ErrorCode::kRegionState;
  std::vector<FileMeta> blob;
  for (int i = 0; i < op.files; ++i) {
    FileMeta f;
    f.id = AllocateFileId();
    f.rows = 1;  // not in the contract: a remapped file holds data, so its index is non-empty
    blob.push_back(f);
  }
  s_.remap_blob = std::move(blob);
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const ApplyStaging& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role == RoleState::kWritable) {
    // Compared with the version metadata's expr, which an open may have filled from the fetcher
    // (erratum 17).
    return s_.version_expr == op.expr ? ErrorCode::kOk : ErrorCode::kRegionState;
  }
  if (s_.role != RoleState::kStaging) return ErrorCode::kRegionState;
  if (s_.staging_directive != StagingDirective::kUpdatePartitionExpr ||
      s_.staging_expr != op.expr) {
    return ErrorCode::kPartitionMismatch;
  }
  if (!s_.remap_blob) return ErrorCode::kStorage;
  // MU #1: the remapped files go through a region edit in staging mode (S → E → S): a
  // WorkerRequest::EditRegion, so handle_region_edit stamps its committed_sequence
  // (handle_apply_staging.rs at f684479d9c, lines 122-145); a staging edit does not raise it.
  s_.role = RoleState::kEditing;
  WriteSpec edit;
  edit.dir = Dir::kStaging;
  edit.predicate = Predicate::kEditing;
  edit.committed_sequence = s_.committed_sequence + 1;
  edit.actions = {Action{.kind = ActionKind::kEdit,
                         .add = IdsOf(*s_.remap_blob),
                         .committed_sequence = edit.committed_sequence}};
  edit.new_files = *s_.remap_blob;
  const WriteOutcome first = Write(edit, "staging edit");
  s_.role = RoleState::kStaging;
  if (first.code != ErrorCode::kOk) return first.code;
  // MU #2: the exit. Something is staged now (at least MU #1's edit), so it writes.
  std::optional<PendingMu> exit = ExitStaging();
  if (!exit) return ErrorCode::kOk;
  if (exit->outcome.code != ErrorCode::kOk) return exit->outcome.code;
  AddMu(exit->actions, exit->outcome.version, "promotion");
  return ErrorCode::kOk;
}

}  // namespace hookcheck::model::step_internal
