// The V5 (52ba89bb10 / HEAD) request paths: offline cleanup of a soft-dropped region and the
// discard of unflushed data. Below V5 neither exists: both answer Unsupported and fire nothing.
// (The other V5 paths live with their ops: flush cancellation in flush_task.cc, the index
// publication re-validation in index_build.cc.)
#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleOfflineCleanup(Reply reply) {
  if (!model::HasHeadPaths(options_.contract)) {
    return reply.Send(Status::Unsupported("offline cleanup: not in this contract version"));
  }
  // handle_open.rs handle_offline_cleanup_request (52ba89bb10): an opened region is busy.
  if (presence_ == Presence::kOpen) return reply.Send(Status::RegionBusy("offline cleanup: open"));
  // Closed or dropped: obsolete_all the WAL, remove the region dir, then fire on_region_gc inline
  // on the worker loop with no region metadata: removed_files=[], dropped, full listing. Also for
  // a no-op purge (a dir already gone). The region is gone afterwards: a later Open finds no
  // manifest, a Create starts fresh.
  wal_ = Wal{};
  store_.DeleteRegion(kRegionId);
  next_file_id_.store(1);
  presence_ = Presence::kDropped;
  region_ = nullptr;
  RegionGcInfo info;
  info.is_region_dropped = true;
  info.full_file_listing = true;
  // The plugins' hook: there is no region object, so no manifest lock exists to be held.
  InvokeHook(&recorder_, [&](RegionHook& h) { h.OnRegionGc(kRegionId, info); });
  reply.Send(Status::Ok());
}

void RefEngine::HandleDiscardUnflushed(Reply reply, ScopeRef scope) {
  if (!model::HasHeadPaths(options_.contract)) {
    return reply.Send(Status::Unsupported("discard unflushed: not in this contract version"));
  }
  // handle_truncate.rs (c59ec0154e), RegionTruncateRequest::Unflushed: the truncate request's
  // gates (a writable region), then nothing to discard -> WAL obsolete, Ok, no write.
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  if (r->ctx->state() != RoleState::kWritable) {
    return reply.Send(Status::RegionState("discard unflushed: not writable"));
  }
  const VersionData d = r->version.Get();
  const RegionManifest live = r->ctx->LiveManifest();
  if (d.memtable.empty() && live.flushed_entry_id == d.last_entry_id &&
      live.flushed_sequence == d.committed_sequence) {
    wal_.Obsolete(live.flushed_entry_id);
    return reply.Send(Status::Ok());
  }
  // handle_manifest_discard_unflushed_action: set_truncating (W -> T), then a live write of
  // Edit{flushed_entry_id, flushed_sequence} under the Truncating state.
  if (!r->ctx->CompareExchangeState(RoleState::kWritable, RoleState::kTruncating)) {
    return reply.Send(Status::RegionState("discard unflushed: state changed"));
  }
  RegionEdit edit;
  edit.flushed_entry_id = d.last_entry_id;
  edit.flushed_sequence = d.committed_sequence;
  SpawnTask([this, r, edit, reply, scope] {
    Version v = 0;
    Status s = r->ctx->UpdateManifest(RoleState::kTruncating, {edit}, /*is_staging=*/false, &v);
    // handle_discard_unflushed_result: back to W; on success the memtable is dropped and the
    // WAL obsoleted up to the discarded entry; stalled writes run again either way.
    PostToWorker([this, r, edit, reply, s] {
      r->ctx->CompareExchangeState(RoleState::kTruncating, RoleState::kWritable);
      if (s.ok()) {
        r->version.Update([](VersionData& v) { v.memtable.clear(); });
        wal_.Obsolete(*edit.flushed_entry_id);
      }
      reply.Send(s);
      RunStalledWrites(r);
    });
  });
}

}  // namespace hookcheck::engine
