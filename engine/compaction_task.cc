// Local compaction (hook-paths.md §2.2): the worker picks; the task acquires the budget, runs the
// TTL pre-step, merges, fires SFW, passes the sync point and commits with the compaction
// predicate.
#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleCompactLocal(const model::CompactLocal& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kStaging) return reply.Send(Status::Ok());  // scheduler: Ok(false), skipped
  if (s != RoleState::kWritable) return reply.Send(Status::RegionState("compaction: not writable"));
  PickerOutput pick = PickCompaction(r->version.Get().files, op.expire_before);
  if (pick.empty()) return reply.Send(Status::Ok());  // no output: no task, no hook
  CompactOptions opts{op.budget_fails, op.crash, op.failed_outputs};
  auto start = [this, r, pick, opts, scope, reply] {
    StartCompaction(r, pick, opts, scope,
                    [this, r, scope, reply](Status st, std::vector<FileId> outputs) {
                      reply.Send(st);  // request.on_success comes before the follow-ups
                      if (st.ok()) OnCompactionFinished(r, outputs, scope);
                    });
  };
  if (r->owned().compaction_running) {
    r->owned().pending_compactions.push_back(start);  // one compaction per region
  } else {
    start();
  }
}

void RefEngine::StartCompaction(const std::shared_ptr<Region>& r, PickerOutput pick,
                                CompactOptions opts, ScopeRef scope,
                                std::function<void(Status, std::vector<FileId>)> done) {
  r->owned().compaction_running = true;
  SpawnTask([this, r, pick = std::move(pick), opts, scope, done = std::move(done)] {
    RunCompactionJob(r, pick, opts, done);
  });
}

// Background thread; no lock held on entry.
void RefEngine::RunCompactionJob(std::shared_ptr<Region> r, PickerOutput pick, CompactOptions opts,
                                 std::function<void(Status, std::vector<FileId>)> done) {
  auto finish = [this, r, done](Status s, RegionEdit edit) {
    PostToWorker([r, s, edit, done] {
      // handle_compaction_finished: apply, then the next pending manual request.
      if (s.ok()) r->version.Update([&](VersionData& v) { VersionControl::ApplyEdit(edit, &v); });
      r->owned().compaction_running = false;
      std::vector<FileId> outputs;
      for (const FileMeta& f : edit.files_to_add) outputs.push_back(f.file_id);
      done(s, outputs);
      if (!r->owned().pending_compactions.empty() && !r->owned().compaction_running) {
        auto next = std::move(r->owned().pending_compactions.front());
        r->owned().pending_compactions.pop_front();
        next();
      }
    });
  };
  // 1. Memory budget.
  if (opts.budget_fails) return finish(Status::CompactionFailed("memory budget unavailable"), {});
  // 3. TTL pre-step: live write with the state as it is now; a failure is only logged.
  if (!pick.expired.empty()) {
    const RoleState now = r->ctx->state();
    if (now != RoleState::kFollower) {
      RegionEdit ttl;
      for (const FileMeta& f : pick.expired) ttl.files_to_remove.push_back(f.file_id);
      Version v = 0;
      Status s = r->ctx->UpdateManifest(now, {ttl}, /*is_staging=*/false, &v);
      if (s.ok()) {
        // mito2 sends a RegionEdit notify and waits for the worker to apply it; the version is
        // thread-safe, so the task applies it directly.
        r->version.Update([&](VersionData& d) { VersionControl::ApplyEdit(ttl, &d); });
      }
      s.IgnoreError();  // handle_expiration only logs; the expired files stay
    }
  }
  // 4. merge_ssts: allocate the output ids in output order when the merge starts.
  std::vector<FileMeta> outputs_all;
  const uint32_t index_options = r->version.Get().index_options;
  for (const auto& group : pick.outputs) {
    FileMeta out = MergeOutputMeta(AllocateFileId(), group);
    // Sync: built inline by the writer, for the metadata the compaction region was opened with.
    if (options_.index_mode == model::IndexMode::kSync) out.indexed_for = index_options;
    outputs_all.push_back(out);
  }
  if (opts.crash) return finish(Status::CompactionFailed("merge sub-task crashed"), {});
  RegionEdit edit;
  edit.compaction_time_window = 1;
  for (size_t i = 0; i < outputs_all.size(); ++i) {
    const size_t bit = std::min<size_t>(i, 7);
    if (opts.failed_outputs & (1u << bit)) continue;  // a failed output is skipped
    store_.WriteSst(r->region_id, outputs_all[i], /*faults=*/nullptr)
        .IgnoreError();  // no fault site
    edit.files_to_add.push_back(outputs_all[i]);
    for (const FileMeta& in : pick.outputs[i]) edit.files_to_remove.push_back(in.file_id);
  }
  // 5. SFW, even with zero files.
  if (options_.mutant != Mutant::kSkipSfwOnCompaction) {
    r->ctx->InvokeHook(
        [&](RegionHook& h) { h.OnSstFilesWritten(r->region_id, edit.files_to_add); });
  }
  sync_points_.Process(kSyncSstAfterWriteBeforeCommit);
  // 7. Commit (MU after ML is dropped).
  Version v = 0;
  Status s = r->ctx->UpdateManifestForCompaction({edit}, &v);
  finish(s, s.ok() ? edit : RegionEdit{});
}

}  // namespace hookcheck::engine
