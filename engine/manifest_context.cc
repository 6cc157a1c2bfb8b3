#include "engine/manifest_context.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace hookcheck::engine {
namespace {

bool CommitPredicate(RoleState s, RoleState expect) {
  if (expect == RoleState::kDowngrading) return s == RoleState::kDowngrading;
  return s == expect || s == RoleState::kDowngrading;
}

bool CompactionPredicate(RoleState s, RoleState) {
  return s == RoleState::kWritable || s == RoleState::kEditing || s == RoleState::kDowngrading;
}

std::string StateName(RoleState s) {
  static const char* kNames[] = {"F", "W", "S", "ES", "A", "Dr", "T", "E", "Dg"};
  return kNames[static_cast<int>(s)];
}

}  // namespace

// ---- Role state ----

bool ManifestContext::CompareExchangeState(RoleState expect, RoleState next) {
  return state_.compare_exchange_strong(expect, next);
}

void ManifestContext::SetRole(RoleState target) {
  RoleState cur = state_.load();
  for (;;) {
    bool allowed = false;
    switch (target) {
      case RoleState::kFollower:
        allowed = true;
        break;
      case RoleState::kWritable:
        allowed = cur == RoleState::kFollower || cur == RoleState::kDowngrading ||
                  cur == RoleState::kStaging;
        break;
      case RoleState::kDowngrading:
        allowed = cur == RoleState::kWritable || cur == RoleState::kStaging;
        break;
      default:
        break;
    }
    if (!allowed || cur == target) return;
    if (state_.compare_exchange_weak(cur, target)) break;
  }
  // Leaving S discards the staging state; staged deltas stay in the staging dir.
  if (cur == RoleState::kStaging) set_staging_info(std::nullopt);
}

bool ManifestContext::ExitStaging(RoleState next) {
  if (!CompareExchangeState(RoleState::kStaging, next)) return false;
  set_staging_info(std::nullopt);
  return true;
}

std::optional<StagingInfo> ManifestContext::staging_info() const {
  MutexLock l(&staging_mu_);
  return staging_info_;
}

void ManifestContext::set_staging_info(std::optional<StagingInfo> info) {
  MutexLock l(&staging_mu_);
  staging_info_ = info;
}

// ---- Writes ----

void ManifestContext::FirePending(PendingManifestHook pending) {
  std::move(pending).Fire(manifest_mu_);
}

Status ManifestContext::UpdateLocked(const RegionMetaActionList& actions, bool is_staging,
                                     std::optional<PendingManifestHook>* pending) {
  manifest_mu_.AssertHeld();
  // The action list is cloned only when a hook exists (mito2 does the same).
  std::optional<RegionMetaActionList> clone;
  if (options_.hook != nullptr) clone = actions;
  Version v = 0;
  Status s = manager_->Update(actions, is_staging, &v);
  if (!s.ok()) {
    if (options_.mutant == Mutant::kMuOnFailedCommit && s.code() == model::ErrorCode::kStorage) {
      // MUTANT: a failed save still hands back a PMH, with the version it consumed.
      pending->emplace(options_.region, std::move(clone), manager_->last_version(), options_.hook,
                       is_staging, options_.suppress_staging_mu);
    }
    return s;
  }
  pending->emplace(options_.region, std::move(clone), v, options_.hook, is_staging,
                   options_.suppress_staging_mu);
  return Status::Ok();
}

Status ManifestContext::CheckTruncation(const RegionMetaActionList& actions) {
  manifest_mu_.AssertHeld();
  const RegionManifest& m = manager_->manifest();
  if (!m.truncated_entry_id.has_value()) return Status::Ok();
  const uint64_t t = *m.truncated_entry_id;
  for (const auto& a : actions) {
    const auto* edit = std::get_if<RegionEdit>(&a);
    if (edit == nullptr) continue;
    if (edit->flushed_entry_id.has_value()) {
      const uint64_t f = *edit->flushed_entry_id;
      const bool newer =
          f > t || (f == t && edit->flushed_sequence.value_or(0) > m.flushed_sequence);
      if (!newer)
        return Status::RegionTruncated("edit flushed entry " + std::to_string(f) +
                                       " not after truncation at " + std::to_string(t));
    }
    for (FileId id : edit->files_to_remove) {
      if (m.files.count(id) == 0) {
        return Status::RegionTruncated("edit removes file " + std::to_string(id) +
                                       " no longer in the manifest");
      }
    }
  }
  return Status::Ok();
}

Status ManifestContext::UpdateManifestWithStateCheck(const RegionMetaActionList& actions,
                                                     bool is_staging, Predicate predicate,
                                                     RoleState expect, const char* what,
                                                     Version* version) {
  std::optional<PendingManifestHook> pending;
  Status s;
  {
    ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::UpdateManifestWithStateCheck");
    const RoleState current = state_.load();
    if (!predicate(current, expect)) {
      return Status::RegionState(std::string(what) + ": state " + StateName(current) +
                                 " fails the commit predicate (expected " + StateName(expect) +
                                 ")");
    }
    s = CheckTruncation(actions);
    if (!s.ok()) return s;
    s = UpdateLocked(actions, is_staging, &pending);
    if (s.ok()) *version = pending->version();
    if (options_.mutant == Mutant::kManifestReadUnderWrite && s.ok()) {
      // MUTANT: reads the committed version back through the reader, which takes ML's read half.
      // ML is not re-entrant, like tokio's RwLock: the read would wait for this task's own write
      // hold forever, so the runtime stops the run as a deadlock.
      *version = LastVersionUncheckedForMutant();
    }
    if (options_.mutant == Mutant::kMuUnderManifestLock && pending.has_value()) {
      // MUTANT: fires the pending hook before the guard is dropped (Fire would not compile here).
      std::move(*pending).FireUncheckedForMutant(manifest_mu_);
      pending.reset();
    }
  }
  // The guard is gone: ML is released, so a hook that reads the manifest (read half) or sends a
  // region request that needs ML cannot deadlock, and it sees the committed manifest. The PMH
  // owns everything it needs (a clone of the actions), so nothing guarded is touched below.
  // mito2 logs a warning when the region became a Follower meanwhile, and still fires.
  if (pending.has_value()) FirePending(std::move(*pending));
  return s;
}

Status ManifestContext::UpdateManifest(RoleState expect, const RegionMetaActionList& actions,
                                       bool is_staging, Version* version) {
  return UpdateManifestWithStateCheck(actions, is_staging, &CommitPredicate, expect,
                                      "update_manifest", version);
}

Status ManifestContext::UpdateManifestForCompaction(const RegionMetaActionList& actions,
                                                    Version* version) {
  return UpdateManifestWithStateCheck(actions, /*is_staging=*/false, &CompactionPredicate,
                                      RoleState::kWritable, "update_manifest_for_compaction",
                                      version);
}

Status ManifestContext::UpdateManifestForIndex(const FileMeta& source, const FileMeta& updated,
                                               uint32_t schema_version, bool* stale,
                                               Version* version) {
  *stale = false;
  std::optional<PendingManifestHook> pending;
  Status s;
  {
    ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::UpdateManifestForIndex");
    const RoleState current = state_.load();
    const RegionManifest& m = manager_->manifest();
    auto it = m.files.find(source.file_id);
    if ((current != RoleState::kWritable && current != RoleState::kDowngrading) ||
        manager_->stopped() || it == m.files.end() || !(it->second == source) ||
        m.schema_version != schema_version) {
      *stale = true;
      return Status::Ok();
    }
    RegionEdit edit;
    edit.files_to_add = {updated};
    s = UpdateLocked({edit}, /*is_staging=*/false, &pending);
    if (s.ok()) *version = pending->version();
  }
  // update_and_fire: the guard is dropped before the MU fires, as in the other updates.
  if (pending.has_value()) FirePending(std::move(*pending));
  return s;
}

// ---- Staging exit (§4.2) ----

Status ManifestContext::ExitStagingOnSuccess(VersionControl* version,
                                             std::optional<PendingManifestHook>* pending) {
  manifest_mu_.AssertHeld();
  // 1.
  if (state_.load() != RoleState::kStaging) return Status::RegionState("exit staging: not staging");
  // 2. The staged actions come from the staging dir in the store.
  RegionMetaActionList merged = manager_->MergeStagedActions();
  if (merged.empty()) {
    ExitStaging(RoleState::kWritable);  // a failed CAS means someone else already left S
    return Status::Ok();
  }
  // 3. Validate.
  int edits = 0, changes = 0, expr_changes = 0;
  const VersionData current = version->Get();
  for (const auto& a : merged) {
    if (std::holds_alternative<RegionEdit>(a)) ++edits;
    if (const auto* c = std::get_if<RegionChange>(&a)) {
      ++changes;
      if (c->columns != current.columns) return Status::Unexpected("exit staging: columns changed");
    }
    if (std::holds_alternative<PartitionExprChange>(a)) ++expr_changes;
  }
  if (changes + expr_changes != 1) {
    return Status::Unexpected("exit staging: need exactly one of Change, PartitionExprChange");
  }
  if (edits == 0) return Status::Unexpected("exit staging: no Edit staged");
  // 4. The promotion: one live write of every staged action, in version order.
  Status s = UpdateLocked(merged, /*is_staging=*/false, pending);
  if (!s.ok()) return s;
  // 5. Still under ML: apply to the version (lock order ML -> version mutex).
  version->Update([&](VersionData& d) {
    RegionEdit all;
    for (const auto& a : merged) {
      if (const auto* e = std::get_if<RegionEdit>(&a)) {
        all.files_to_add.insert(all.files_to_add.end(), e->files_to_add.begin(),
                                e->files_to_add.end());
        all.files_to_remove.insert(all.files_to_remove.end(), e->files_to_remove.begin(),
                                   e->files_to_remove.end());
      } else if (const auto* p = std::get_if<PartitionExprChange>(&a)) {
        d.partition_expr = p->partition_expr;
      } else if (const auto* c = std::get_if<RegionChange>(&a)) {
        d.partition_expr = c->partition_expr;
        d.schema_version = c->schema_version;
        d.index_options = c->index_options;
      }
    }
    VersionControl::ApplyEdit(all, &d);
  });
  // 6.
  manager_->ClearStagingManifestAndDir();
  // 7. A concurrent lock-free SetRole may have moved the state: the live delta is committed but
  // the PMH is dropped unfired (§4.2 step 7, a known window).
  if (!ExitStaging(RoleState::kWritable)) {
    pending->reset();
    return Status::RegionState("exit staging: state changed concurrently");
  }
  return Status::Ok();
}

Status ManifestContext::ApplyStagingExit(VersionControl* version) {
  std::optional<PendingManifestHook> pending;
  Status s;
  {
    ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::ApplyStagingExit");
    s = ExitStagingOnSuccess(version, &pending);
  }
  // ML released (guard gone) before the promotion MU fires; see UpdateManifestWithStateCheck.
  if (!s.ok()) return s;
  if (pending.has_value()) {
    if (options_.mutant == Mutant::kApplyStagingFiresOnce) {
      pending.reset();  // MUTANT: the promotion's PMH is dropped unfired
    } else {
      FirePending(std::move(*pending));
    }
  }
  return Status::Ok();
}

// ---- set_role_state_gracefully (§4.3) ----

Status ManifestContext::SetRoleStateGracefully(model::GracefulTarget target,
                                               VersionControl* version) {
  std::optional<PendingManifestHook> exit_hook;
  std::optional<PendingManifestHook> backfill_hook;
  {
    ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::SetRoleStateGracefully");
    const RoleState cur = state_.load();
    switch (target) {
      case model::GracefulTarget::kLeader:
        if (cur == RoleState::kStaging) {
          Status s = ExitStagingOnSuccess(version, &exit_hook);
          if (!s.ok()) return s;  // nothing fired; the guard drops on return
        } else if (cur != RoleState::kWritable) {
          return Status::RegionState("set_role_state_gracefully(Leader): state " + StateName(cur));
        }
        break;
      case model::GracefulTarget::kStagingLeader:
        if (cur == RoleState::kWritable) {
          // set_staging: clears the staging files and moves W -> S, no write, no directive.
          manager_->ClearStagingManifestAndDir();
          set_staging_info(std::nullopt);
          if (!CompareExchangeState(RoleState::kWritable, RoleState::kStaging)) {
            return Status::RegionState("set_staging: state changed concurrently");
          }
        } else if (cur != RoleState::kStaging) {
          return Status::RegionState("set_role_state_gracefully(StagingLeader): state " +
                                     StateName(cur));
        }
        break;
      case model::GracefulTarget::kFollower:
        if (cur == RoleState::kStaging) ExitStaging(RoleState::kFollower);
        SetRole(RoleState::kFollower);
        break;
      case model::GracefulTarget::kDowngradingLeader:
        if (cur == RoleState::kStaging) {
          ExitStaging(RoleState::kDowngrading);
        } else if (cur == RoleState::kWritable) {
          SetRole(RoleState::kDowngrading);
        }  // other states: a warning only
        break;
    }
    // Backfill: the live manifest lacks the partition expr the opener filled in memory.
    if (state_.load() == RoleState::kWritable && manager_->manifest().partition_expr == 0) {
      const VersionData v = version->Get();
      if (v.partition_expr != 0) {
        RegionChange change{v.partition_expr, v.schema_version, v.columns, v.index_options};
        Status s = UpdateLocked({change}, /*is_staging=*/false, &backfill_hook);
        s.IgnoreError();  // mito2 logs and swallows a failed backfill
      }
    }
  }
  // ML released (guard gone); both PMHs survived the guard and fire now, merged into one MU.
  if (exit_hook.has_value() && backfill_hook.has_value()) {
    FirePending(std::move(*exit_hook).Merge(std::move(*backfill_hook)));
  } else if (exit_hook.has_value()) {
    FirePending(std::move(*exit_hook));
  } else if (backfill_hook.has_value()) {
    FirePending(std::move(*backfill_hook));
  }
  return Status::Ok();
}

// ---- Bookkeeping ----

void ManifestContext::ClearStagingManifestAndDir(const char* site) {
  ManifestWriteGuard guard(&manifest_mu_, site);
  manager_->ClearStagingManifestAndDir();
}

void ManifestContext::UnsetStagingManifest() {
  ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::UnsetStagingManifest");
  manager_->UnsetStagingManifest();
}

void ManifestContext::Stop() {
  ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::Stop");
  manager_->Stop();
}

void ManifestContext::InstallFromStore() {
  ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::InstallFromStore");
  manager_->InstallFromStore();
}

bool ManifestContext::HasUpdate() {
  ManifestReadGuard guard(&manifest_mu_, "ManifestContext::HasUpdate");
  return manager_->HasUpdate();
}

void ManifestContext::ApplyRemoteDelta(const RegionMetaActionList& actions, Version version) {
  ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::ApplyRemoteDelta");
  manager_->ApplyRemoteDelta(actions, version);
}

void ManifestContext::WriteRemapBlob(ObjectStore* store, std::vector<FileMeta> files) {
  ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::WriteRemapBlob");
  store->PutRemapBlob(region(), std::move(files));
}

void ManifestContext::ClearDeletedFiles() {
  Version v = 0;
  {
    ManifestWriteGuard guard(&manifest_mu_, "ManifestContext::ClearDeletedFiles");
    manager_->ClearDeletedFiles();
    v = manager_->last_version();
  }
  if (options_.mutant == Mutant::kHookOnGc) {
    // MUTANT: GC reports its in-memory cleanup as a manifest update.
    InvokeHook([&](RegionHook& h) { h.OnManifestUpdated(region(), {}, v); });
  }
}

RegionManifest ManifestContext::LiveManifest() {
  ManifestReadGuard guard(&manifest_mu_, "ManifestContext::LiveManifest");
  return manager_->manifest();
}

Version ManifestContext::LastVersion() {
  ManifestReadGuard guard(&manifest_mu_, "ManifestContext::LastVersion");
  return manager_->last_version();
}

Version ManifestContext::LastVersionUncheckedForMutant() { return LastVersion(); }

}  // namespace hookcheck::engine
