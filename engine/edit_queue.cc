// RegionEdit (hook-paths.md §2.4): the worker accepts an edit in W or S (Editing while it
// runs), queues edits arriving meanwhile in the RegionEditQueue, and after each result merges the
// consecutive raw queued edits into one edit: one MU covers several requests.
#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleEditRegion(const model::EditRegion& op, Reply reply, ScopeRef scope) {
  // The computed edit. `remove` names the lowest-id live files: of the open region's live
  // manifest, of the persisted live dir for a closed region, none for a dropped one.
  std::map<FileId, FileMeta> live;
  if (presence_ == Presence::kOpen && region_ != nullptr) {
    live = region_->ctx->LiveManifest().files;
  } else if (presence_ == Presence::kClosed) {
    live =
        RegionManifestManager::Open({kRegionId, &store_, nullptr, Mutant::kNone})->manifest().files;
  }
  std::vector<FileId> remove;
  for (const auto& [id, f] : live) {
    if (remove.size() >= op.remove) break;
    remove.push_back(id);
  }
  // is_valid_region_edit runs in MitoEngine::edit_region, before the worker: first.
  if (op.add == 0 && remove.empty()) return reply.Send(Status::InvalidRequest("empty region edit"));
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kEditing) {
    // Arrives while another edit runs: waits for it (kept whole, see the report).
    r->owned().stalled_writes.push_back(
        [this, op, reply, scope] { HandleEditRegion(op, reply, scope); });
    return;
  }
  if (s != RoleState::kWritable && s != RoleState::kStaging) {
    return reply.Send(Status::RegionBusy("region edit: region not writable"));
  }
  const uint64_t sequence = r->version.Get().committed_sequence + 1;
  auto new_file = [&] {
    FileMeta f;
    f.file_id = AllocateFileId();
    f.num_rows = op.rows;
    f.sequence = sequence;
    return f;
  };
  PendingEdit first;
  first.raw = false;
  for (int i = 0; i < op.add; ++i) first.edit.files_to_add.push_back(new_file());
  first.edit.files_to_remove = remove;
  first.edit.committed_sequence = sequence;
  // The `queued` raw edits were submitted while the first runs: accepted now, ids allocated
  // after the first edit's.
  for (int i = 0; i < op.queued; ++i) {
    PendingEdit q;
    q.edit.files_to_add.push_back(new_file());
    r->owned().edit_queue.push_back(std::move(q));
  }
  auto batch = std::make_shared<EditBatch>(reply);
  batch->scope = scope;
  batch->started_writable = s == RoleState::kWritable;
  r->owned().edit_batch = batch;
  StartEdit(r, std::move(first), scope);
}

void RefEngine::StartEdit(const std::shared_ptr<Region>& r, PendingEdit pending, ScopeRef scope) {
  // handle_region_edit, for the first edit and for each dequeued (merged) one: the edit and its
  // files take the sequence after the version's committed one.
  const uint64_t sequence = r->version.Get().committed_sequence + 1;
  pending.edit.committed_sequence = sequence;
  for (FileMeta& f : pending.edit.files_to_add) f.sequence = sequence;
  const RoleState s = r->ctx->state();
  const bool is_staging = s == RoleState::kStaging;
  // set_editing(expect): W or S -> E.
  if ((s != RoleState::kWritable && s != RoleState::kStaging) ||
      !r->ctx->CompareExchangeState(s, RoleState::kEditing)) {
    return OnEditResult(r, is_staging, pending.edit,
                        Status::RegionBusy("region edit: state changed"), scope);
  }
  SpawnTask([this, r, edit = std::move(pending.edit), is_staging, scope] {
    Version v = 0;
    Status s = r->ctx->UpdateManifest(RoleState::kEditing, {edit}, is_staging, &v);
    PostToWorker(
        [this, r, is_staging, edit, s, scope] { OnEditResult(r, is_staging, edit, s, scope); });
  });
}

void RefEngine::OnEditResult(const std::shared_ptr<Region>& r, bool is_staging, RegionEdit edit,
                             Status s, ScopeRef scope) {
  // handle_region_edit_result: E -> S (staging: not applied, invisible until the exit) or E -> W.
  r->ctx->CompareExchangeState(RoleState::kEditing,
                               is_staging ? RoleState::kStaging : RoleState::kWritable);
  std::shared_ptr<EditBatch> batch = r->owned().edit_batch;
  if (s.ok() && !is_staging) {
    r->version.Update([&](VersionData& d) { VersionControl::ApplyEdit(edit, &d); });
    for (const FileMeta& f : edit.files_to_add) batch->added.push_back(f.file_id);
  }
  if (!s.ok() && batch->first_error.ok()) batch->first_error = s;
  // Dequeue: consecutive raw edits merge into one.
  if (!r->owned().edit_queue.empty()) {
    PendingEdit merged;
    while (!r->owned().edit_queue.empty() && r->owned().edit_queue.front().raw) {
      const RegionEdit& q = r->owned().edit_queue.front().edit;
      merged.edit.files_to_add.insert(merged.edit.files_to_add.end(), q.files_to_add.begin(),
                                      q.files_to_add.end());
      merged.edit.files_to_remove.insert(merged.edit.files_to_remove.end(),
                                         q.files_to_remove.begin(), q.files_to_remove.end());
      r->owned().edit_queue.pop_front();
    }
    if (merged.edit.files_to_add.empty() && merged.edit.files_to_remove.empty()) {
      merged = std::move(r->owned().edit_queue.front());
      r->owned().edit_queue.pop_front();
    }
    return StartEdit(r, std::move(merged), batch->scope);
  }
  r->owned().edit_batch = nullptr;
  if (batch->done) {
    batch->done(batch->first_error);
  } else {
    batch->reply.Send(batch->first_error);
  }
  // Follow-on work once per batch, if it started in W and added files.
  if (batch->started_writable && !batch->added.empty()) {
    if (options_.mutant == Mutant::kEditTriggersIndexBuild &&
        options_.index_mode == model::IndexMode::kAsync) {
      QueueIndexBuilds(r, batch->added, IndexBuildType::kFlush, batch->scope,
                       /*front=*/false);  // MUTANT
    }
    // A region edit never triggers an index build (erratum 14): the compaction check only.
    ScheduleFollowOn(r, {}, /*compact=*/true, batch->scope);
  }
  RunStalledWrites(r);
}

}  // namespace hookcheck::engine
