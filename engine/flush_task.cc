// Flush (hook-paths.md §2.1): the worker freezes the memtable and submits a flush job; the job
// writes the SST, fires SFW, passes the sync point, commits (MU after ML is dropped) and reports
// back to the worker.
#include <algorithm>

#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleFlush(Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s != RoleState::kWritable && s != RoleState::kStaging && s != RoleState::kDowngrading) {
    return reply.Send(Status::RegionState("flush: region not flushable"));
  }
  // Erratum 11: a flush started in Dg without a reason gets reason Downgrading.
  const FlushReason reason =
      s == RoleState::kDowngrading ? FlushReason::kDowngrading : FlushReason::kManual;
  const bool from_staging = s == RoleState::kStaging;
  StartFlush(
      r, reason, scope,
      [this, r, reply, scope, from_staging](Status st, std::vector<FileId> files) {
        reply.Send(st);
        // Follow-on work (docs/contract.md §1.4) after a flush that wrote. The compaction check reads
        // the state when it runs (erratum 22), so a flush from S that finds W again compacts.
        const bool skip =
            from_staging && options_.mutant == Mutant::kFlushCompactionCheckReadsStartState;
        if (st.ok() && !files.empty() && !skip) ScheduleFollowOn(r, files, /*compact=*/true, scope);
      });
}

void RefEngine::StartFlush(const std::shared_ptr<Region>& r, FlushReason reason, ScopeRef scope,
                           std::function<void(Status, std::vector<FileId>)> done) {
  // Worker thread. schedule_flush: nothing to flush -> Ok, nothing written, no hook.
  const VersionData d = r->version.Get();
  if (d.memtable.empty()) return done(Status::Ok(), {});
  // At most one running flush per region (later requests would merge into a pending task; the
  // harness never overlaps two flushes of one region).
  r->owned().flush_running = true;
  const bool is_staging = r->ctx->state() == RoleState::kStaging;
  // Freeze the mutable memtable.
  std::vector<uint8_t> frozen;
  r->version.Update([&](VersionData& v) { frozen.swap(v.memtable); });
  FileMeta file;
  file.file_id = AllocateFileId();  // allocated before the write; a failed write consumed it
  file.num_rows = frozen.size();
  if (options_.mutant == Mutant::kSfwWrongRowCount) ++file.num_rows;  // MUTANT
  file.min_ts = *std::min_element(frozen.begin(), frozen.end());
  file.max_ts = *std::max_element(frozen.begin(), frozen.end());
  file.level = 0;
  // IndexBuildMode::Sync: the SST writer builds the index inline, consistent with the metadata.
  if (options_.index_mode == model::IndexMode::kSync) file.indexed_for = d.index_options;
  file.sequence = d.committed_sequence;
  const auto staging = r->ctx->staging_info();
  file.partition_expr = (is_staging && staging.has_value()) ? staging->expr : d.partition_expr;
  RegionEdit edit;
  edit.files_to_add = {file};
  // flush.rs 436-444 (f684479d9c): the last entry and the committed sequence of the frozen
  // version are flushed; committed_sequence is None.
  edit.flushed_entry_id = d.last_entry_id;
  if (options_.mutant == Mutant::kFlushWrongFlushedEntryId) ++*edit.flushed_entry_id;  // MUTANT
  edit.flushed_sequence = d.committed_sequence;
  if (options_.mutant == Mutant::kSfwOnWorkerLoop) {
    // MUTANT: SFW from the worker loop, before the write (same files, same order: only the
    // recorder's thread check sees it).
    r->ctx->InvokeHook([&](RegionHook& h) { h.OnSstFilesWritten(r->region_id, {file}); });
  }
  SpawnTask([this, r, file, edit, reason, is_staging, frozen, done = std::move(done), scope] {
    RunFlushJob(r, file, edit, reason, is_staging, frozen, done);
  });
}

// Background thread. Holds no lock on entry; the commit takes ML inside ManifestContext, which
// fires MU only after dropping it.
void RefEngine::RunFlushJob(std::shared_ptr<Region> r, FileMeta file, RegionEdit edit,
                            FlushReason reason, bool is_staging, std::vector<uint8_t> frozen,
                            std::function<void(Status, std::vector<FileId>)> done) {
  Status s = store_.WriteSst(r->region_id, file, &faults_);
  Version version = 0;
  const auto fire_sfw = [&] {
    r->ctx->InvokeHook([&](RegionHook& h) { h.OnSstFilesWritten(r->region_id, {file}); });
  };
  if (s.ok()) {
    // SFW: once per flush, before any ML acquisition.
    if (options_.mutant != Mutant::kSfwAfterMu && options_.mutant != Mutant::kSfwOnWorkerLoop) {
      fire_sfw();
    }
    sync_points_.Process(kSyncSstAfterWriteBeforeCommit);
  }
  // V5 (25090b9f54, flush.rs 529): mark_commit_started fails for a cancelled flush: no commit, no
  // MU, the uncommitted SST deleted, the memtable kept (handle_flush_failed). The fault site
  // exists from V5 on only (Submit arms it only then).
  const bool cancelled = s.ok() && faults_.Strike(FaultSite::kFlushCancelled);
  if (cancelled && options_.mutant != Mutant::kCancelledFlushFiresMu) {
    store_.DeleteSst(r->region_id, file.file_id);
    s = Status::Cancelled("flush cancelled at mark_commit_started");  // StatusCode::Cancelled
  } else if (s.ok()) {
    // The expected state is decided now, from the state at this moment (§2.1 step 4).
    RoleState expect = RoleState::kWritable;
    if (reason == FlushReason::kDowngrading) {
      expect = RoleState::kDowngrading;
    } else if (r->ctx->state() == RoleState::kStaging) {
      expect = RoleState::kStaging;
    }
    s = r->ctx->UpdateManifest(expect, {edit}, is_staging, &version);
    if (options_.mutant == Mutant::kSfwAfterMu) fire_sfw();  // MUTANT: SFW after the commit's MU
  }
  PostToWorker([this, r, s, edit, is_staging, frozen, done] {
    // handle_flush_finished / handle_flush_failed.
    r->owned().flush_running = false;
    if (s.ok()) {
      // wal.obsolete(flushed_entry_id), for staging flushes too.
      wal_.Obsolete(edit.flushed_entry_id.value_or(0));
      // A staging flush applies None: its file stays invisible until the exit.
      if (!is_staging)
        r->version.Update([&](VersionData& v) { VersionControl::ApplyEdit(edit, &v); });
    } else {
      // The memtable is kept for a later flush.
      r->version.Update([&](VersionData& v) {
        v.memtable.insert(v.memtable.begin(), frozen.begin(), frozen.end());
      });
    }
    std::vector<FileId> files;
    if (s.ok()) files.push_back(edit.files_to_add[0].file_id);
    done(s, files);
  });
}

}  // namespace hookcheck::engine
