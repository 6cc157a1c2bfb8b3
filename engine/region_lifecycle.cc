// Region lifecycle and roles (hook-paths.md §3, §4.3): drop, close, open, create, follower sync,
// catch-up, GC, set_role and set_role_state_gracefully. Under V1 none fires a hook except
// through a flush (close with a no-op WAL) or the backfill / staging exit of the graceful path.
// V2+ (c70cbaa132) fires the lifecycle callbacks where upstream does; V4+ (d9b58edbb0) GC fires
// on_region_gc. docs/upstream-notes/v-engine.md gives the upstream lines of each.
// Open, Create of a closed region and a catch-up reopen all read the region back from the live
// dir (ReopenFromStore); each is a new incarnation.
#include <algorithm>

#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleDrop(Reply reply) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if ((s != RoleState::kWritable && s != RoleState::kStaging) ||
      !r->ctx->CompareExchangeState(s, RoleState::kDropping)) {
    return reply.Send(Status::RegionState("drop: not writable"));
  }
  r->ctx->Stop();  // stop() under ML: later commits fail
  presence_ = Presence::kDropped;
  region_ = nullptr;
  wal_ = Wal{};
  if (!FiresLifecycle()) return reply.Send(Status::Ok());
  const RegionId id = r->region_id;
  if (options_.mutant == Mutant::kFilesRemovedBeforeDropped) {
    // MUTANT: the files reported gone before the drop itself.
    r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionFilesRemoved(id); });
    r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionDropped(id); });
    return reply.Send(Status::Ok());
  }
  // handle_drop.rs (c70cbaa132) 94-118: on WL after the WAL obsolete and mark_dropped.
  r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionDropped(id); });
  // The background drop task deletes the region dir (global GC off, upstream's default), then
  // fires on_region_files_removed (handle_drop.rs 240-250). The dir itself is reset by the next
  // fresh Create, which is what a deleted dir means here.
  SpawnTask([r, id] { r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionFilesRemoved(id); }); });
  reply.Send(Status::Ok());
}

void RefEngine::CloseNow(const std::shared_ptr<Region>& r) {
  r->ctx->Stop();
  // A real WAL already holds every row for Open; a no-op WAL holds nothing.
  presence_ = Presence::kClosed;
  region_ = nullptr;
  // remove_region (handle_close.rs 86-98, c70cbaa132): after stop() and the schedulers' cleanup.
  if (FiresLifecycle() && options_.mutant != Mutant::kClosedBeforeCloseFlush) {
    r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionClosed(r->region_id); });
  }
}

void RefEngine::HandleClose(Reply reply, ScopeRef scope) {
  if (presence_ != Presence::kOpen || region_ == nullptr) return reply.Send(Status::Ok());
  std::shared_ptr<Region> r = region_;
  const RoleState s = r->ctx->state();
  const bool flushable =
      s == RoleState::kWritable || s == RoleState::kStaging || s == RoleState::kDowngrading;
  if (options_.skip_wal && flushable && !r->version.Get().memtable.empty()) {
    if (options_.mutant == Mutant::kClosedBeforeCloseFlush && FiresLifecycle()) {
      // MUTANT: closed before the flush's SFW and MU.
      r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionClosed(r->region_id); });
    }
    // Erratum 1 (skip_wal only, erratum 12): flush first (reason Closing; staging dir from S).
    StartFlush(r, FlushReason::kClosing, scope, [this, r, reply](Status st, std::vector<FileId>) {
      if (!st.ok()) return reply.Send(st);  // stays open
      if (region_ == r) CloseNow(r);
      reply.Send(Status::Ok());
    });
    return;
  }
  CloseNow(r);
  reply.Send(Status::Ok());
}

std::shared_ptr<Region> RefEngine::ReopenFromStore(RoleState role, WalReplay wal) {
  const bool replay_wal = wal == WalReplay::kReplay;
  RegionManifestManager::Options mo{kRegionId, &store_, &faults_, options_.mutant};
  std::unique_ptr<RegionManifestManager> manager = RegionManifestManager::Open(mo);
  const RegionManifest live = manager->manifest();
  std::shared_ptr<Region> r = NewRegionObject(std::move(manager), role);
  VersionData d;
  d.files = live.files;
  // The PartitionExprFetcher fills a missing expr in memory (expr 1 here).
  d.partition_expr =
      live.partition_expr != 0 ? live.partition_expr : (fetch_partition_expr_ ? 1 : 0);
  d.schema_version = live.schema_version;
  d.columns = live.columns;
  d.index_options = live.index_options;
  d.last_entry_id = live.flushed_entry_id;
  if (replay_wal) {
    // replay_memtable from flushed_entry_id + 1: a persisted flush delta's rows are not replayed
    // even when its in-memory rebuild failed before the close.
    d.memtable = wal_.ReplayAfter(live.flushed_entry_id);
    // replay_memtable: last_entry_id = max(flushed_entry_id, the last entry replayed).
    d.last_entry_id = wal_.LastReplayedEntryId(live.flushed_entry_id);
  }
  // VersionControl::new starts at the manifest's flushed sequence; replay_memtable restores each
  // replayed mutation's own sequence (not its entry id: an edit takes a sequence and no entry).
  d.committed_sequence = live.flushed_sequence;
  if (replay_wal)
    d.committed_sequence =
        std::max(d.committed_sequence, wal_.LastReplayedSequence(live.flushed_entry_id));
  // replay_memtable ends with on_region_opened(flushed_entry_id): the entries the manifest's
  // flush covers are obsoleted, so they no longer count toward the WAL's latest entry id.
  if (replay_wal) wal_.Obsolete(live.flushed_entry_id);
  // RegionOpener::open: the manifest's committed sequence overrides a lower one after replay.
  if (live.committed_sequence)
    d.committed_sequence = std::max(d.committed_sequence, *live.committed_sequence);
  r->version.Reset(std::move(d));
  return r;
}

void RefEngine::HandleOpen(const model::Open& op, Reply reply) {
  if (presence_ == Presence::kOpen) return reply.Send(Status::Ok());
  if (presence_ == Presence::kDropped) return reply.Send(Status::RegionNotFound("region dropped"));
  fetch_partition_expr_ = op.fetch_partition_expr;
  std::shared_ptr<Region> r = ReopenFromStore(RoleState::kFollower, WalReplay::kReplay);
  if (!FiresLifecycle()) {
    region_ = r;
    presence_ = Presence::kOpen;
    return reply.Send(Status::Ok());
  }
  // handle_open.rs 140-160 (c70cbaa132): the spawned open task fires on_region_opened, then hands
  // the region to the worker, which registers it. The region is read on the worker (it owns the
  // WAL); only the callback runs on the task.
  SpawnTask([this, r, reply] {
    r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionOpened(r->region_id); });
    PostToWorker([this, r, reply] {
      region_ = r;
      presence_ = Presence::kOpen;
      reply.Send(Status::Ok());
    });
  });
}

void RefEngine::HandleCreate(Reply reply) {
  if (presence_ != Presence::kDropped && options_.mutant == Mutant::kCreateRefusesExistingRegion) {
    return reply.Send(Status::RegionExists("region exists"));  // MUTANT: erratum 15 undone
  }
  // handle_create: an open region answers Ok and changes nothing.
  if (presence_ == Presence::kOpen) return reply.Send(Status::Ok());
  if (presence_ == Presence::kClosed) {
    // create_or_open finds the manifest and opens it (WAL replay), as a Writable leader.
    region_ = ReopenFromStore(RoleState::kWritable, WalReplay::kReplay);
    // handle_create.rs 89-92: on WL, before insert_region, for an opened manifest too.
    if (FiresLifecycle()) {
      region_->ctx->InvokeHook([](RegionHook& h) { h.OnRegionOpened(kRegionId); });
    }
    presence_ = Presence::kOpen;
    return reply.Send(Status::Ok());
  }
  store_.DeleteRegion(kRegionId);
  next_file_id_.store(1);
  wal_ = Wal{};
  RegionManifestManager::Options mo{kRegionId, &store_, &faults_, options_.mutant};
  region_ = NewRegionObject(RegionManifestManager::Create(mo), RoleState::kWritable);
  if (FiresLifecycle()) {
    region_->ctx->InvokeHook([](RegionHook& h) { h.OnRegionOpened(kRegionId); });
  }
  presence_ = Presence::kOpen;
  reply.Send(Status::Ok());
}

void RefEngine::HandleFollowerSync(Reply reply) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  if (r->ctx->state() != RoleState::kFollower)
    return reply.Send(Status::RegionState("sync: not a follower"));
  r->ctx->InstallFromStore();  // under ML; no hook
  const RegionManifest live = r->ctx->LiveManifest();
  // handle_region_sync: the version is rebuilt from the manifest (files and metadata) with a new
  // empty mutable memtable (the WAL keeps the rows for a later Open).
  const bool keep_expr = options_.mutant == Mutant::kFollowerSyncKeepsVersionExpr;
  r->version.Update([&](VersionData& d) {
    d.files = live.files;
    d.memtable.clear();
    if (!keep_expr) d.partition_expr = live.partition_expr;  // a fetcher-only expr is dropped
    d.schema_version = live.schema_version;
    d.columns = live.columns;
    d.index_options = live.index_options;
  });
  reply.Send(Status::Ok());
}

void RefEngine::HandleCatchup(const model::Catchup& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kWritable || s == RoleState::kStaging) return reply.Send(Status::Ok());
  if (s != RoleState::kFollower && s != RoleState::kDowngrading) {
    return reply.Send(Status::RegionState("catchup: transient state"));
  }
  // reopen_region_if_needed: a non-empty memtable or unapplied live deltas mean a new
  // incarnation read back from the live dir, without WAL replay; it comes up a follower.
  if (options_.mutant != Mutant::kCatchupSkipsReopen &&
      (!r->version.Get().memtable.empty() || r->ctx->HasUpdate())) {
    r->ctx->Stop();
    r = ReopenFromStore(RoleState::kFollower, WalReplay::kSkipReplay);
    region_ = r;
    // A catch-up reopen builds a new incarnation without on_region_opened (region_hook.rs 76).
    if (options_.mutant == Mutant::kOpenedOnCatchupReopen && FiresLifecycle()) {
      r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionOpened(r->region_id); });  // MUTANT
    }
  }
  // local_wal_catchup, reopened or not: the WAL's latest entry id becomes the flushed one.
  const uint64_t latest = wal_.latest_entry_id();
  r->version.Update([&](VersionData& d) { d.last_entry_id = std::max(d.last_entry_id, latest); });
  wal_.Obsolete(latest);
  if (!op.set_writable) return reply.Send(Status::Ok());
  // The catch-up task: set_role(Leader), then set_role_state_gracefully(Leader) (the backfill).
  SpawnTask([r, reply, scope] {
    r->ctx->SetRole(RoleState::kWritable);
    reply.Send(r->ctx->SetRoleStateGracefully(model::GracefulTarget::kLeader, &r->version));
  });
}

void RefEngine::HandleGc(const model::Gc& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const bool fires_gc = model::FiresGcCallback(options_.contract);
  const bool full_listing = op.full_listing;
  const bool fire_always = options_.mutant == Mutant::kGcFiresWithoutDeletions;
  // LocalGcWorker::do_region_gc (gc.rs 486-600, d9b58edbb0) deletes the manifest's removed files
  // past lingering_time (1 h) and, on a full listing, unknown files past
  // unknown_file_lingering_time (24 h). Ops of a check are milliseconds apart, so no file is old
  // enough: a pass deletes nothing, and on_region_gc fires iff the pass listed fully, with
  // removed_files = [] (docs/contract.md §7.1).
  SpawnTask([r, reply, scope, fires_gc, full_listing, fire_always] {
    RegionGcInfo info;
    info.full_file_listing = full_listing;
    if (fires_gc && (full_listing || fire_always)) {
      r->ctx->InvokeHook([&](RegionHook& h) { h.OnRegionGc(r->region_id, info); });
    }
    r->ctx->ClearDeletedFiles();  // clear_deleted_files under ML: nothing was deleted
    reply.Send(Status::Ok());
  });
}

void RefEngine::HandleSetRole(const model::SetRole& op, Reply reply) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  r->ctx->SetRole(op.role);  // lock-free; no ML
  reply.Send(Status::Ok());
}

void RefEngine::HandleSetRoleGracefully(const model::SetRoleGracefully& op, Reply reply,
                                        ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  switch (op.target) {
    case model::GracefulTarget::kLeader:
      if (s != RoleState::kStaging && s != RoleState::kWritable) {
        return reply.Send(Status::RegionState("graceful leader: state"));
      }
      break;
    case model::GracefulTarget::kStagingLeader:
      if (s == RoleState::kStaging) return reply.Send(Status::Ok());
      if (s != RoleState::kWritable)
        return reply.Send(Status::RegionState("graceful staging leader: state"));
      break;
    case model::GracefulTarget::kFollower:
      break;
    case model::GracefulTarget::kDowngradingLeader:
      if (s != RoleState::kStaging && s != RoleState::kWritable) return reply.Send(Status::Ok());
      break;
  }
  // Off the worker loop: it synchronizes only through ML and compare-exchange.
  const model::GracefulTarget target = op.target;
  SpawnTask([r, target, reply, scope] {
    reply.Send(r->ctx->SetRoleStateGracefully(target, &r->version));
  });
}

}  // namespace hookcheck::engine
