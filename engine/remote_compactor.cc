// Remote compaction (hook-paths.md §2.3, §6): the datanode ships the job and fires nothing; the
// compactor node opens the region's manifest fresh from the object store (its own
// ManifestContext: state fixed W, hook = the plugins' hook or none, no fault injector), merges,
// fires SFW, commits with its own version counter; the datanode applies the returned edit. The
// pick is the datanode's (picker_output travels in the job), the commit is onto the persisted
// manifest the compactor opened.
#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleCompactRemote(const model::CompactRemote& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState state = r->ctx->state();
  // The same scheduler entry as a local compaction: S is skipped with Ok (erratum 21).
  if (state == RoleState::kStaging &&
      options_.mutant != Mutant::kRemoteCompactionRefusedInStaging) {
    return reply.Send(Status::Ok());
  }
  if (state != RoleState::kWritable) {
    return reply.Send(Status::RegionState("remote compaction: not writable"));
  }
  const bool plugins = op.plugins;
  // The datanode picks on its version and ships the picker output with the job.
  const PickerOutput pick = PickCompaction(r->version.Get().files, op.expire_before);
  if (pick.empty()) return reply.Send(Status::Ok());
  // The compactor node, on its own thread.
  SpawnTask([this, r, plugins, pick, reply, scope] {
    RegionManifestManager::Options mo{r->region_id, &store_, /*faults=*/nullptr, Mutant::kNone};
    ManifestContext::Options co{
        r->region_id, plugins ? recorder_.CompactorView() : nullptr,
        model::SuppressesStagingManifestUpdates(options_.contract), Mutant::kNone,
        options_.record_lock_events ? recorder_.CompactorLockObserver() : nullptr};
    std::unique_ptr<RegionManifestManager> manager = RegionManifestManager::Open(mo);
    // The compactor's SST writer indexes for the metadata it opened from the live dir.
    const uint32_t index_options = manager->manifest().index_options;
    ManifestContext compactor(runtime_.get(), std::move(manager), RoleState::kWritable, co);
    RegionEdit edit;
    edit.compaction_time_window = 1;
    for (const auto& group : pick.outputs) {
      // Output ids come from the region's file-id counter (shipped with the job).
      FileMeta out = MergeOutputMeta(AllocateFileId(), group);
      if (options_.index_mode == model::IndexMode::kSync) out.indexed_for = index_options;
      store_.WriteSst(r->region_id, out, /*faults=*/nullptr).IgnoreError();
      edit.files_to_add.push_back(out);
      for (const FileMeta& in : group) edit.files_to_remove.push_back(in.file_id);
    }
    // No TTL pre-step: expired files travel in the one edit.
    for (const FileMeta& f : pick.expired) edit.files_to_remove.push_back(f.file_id);
    // invoke_sst_hook, then update_manifest on the compactor node.
    compactor.InvokeHook(
        [&](RegionHook& h) { h.OnSstFilesWritten(r->region_id, edit.files_to_add); });
    Version v = 0;
    Status s = compactor.UpdateManifestForCompaction({edit}, &v);
    const bool close_counter = options_.remote_counter == model::RemoteCounter::kClosed;
    PostToWorker([this, r, s, edit, v, reply, close_counter, scope] {
      // DefaultNotifier -> CompactionFinished: the datanode applies the edit to its version.
      // Upstream (erratum 23) its manifest manager learns nothing, so its next live write reuses
      // `v` and overwrites the compactor's delta; kClosed closes that race.
      if (s.ok()) {
        r->version.Update([&](VersionData& d) { VersionControl::ApplyEdit(edit, &d); });
        if (close_counter) r->ctx->ApplyRemoteDelta({edit}, v);
      }
      reply.Send(s);
      // handle_compaction_finished, remote or local: async index builds for the outputs.
      if (s.ok() && options_.index_mode == model::IndexMode::kAsync &&
          r->ctx->state() == RoleState::kWritable) {
        std::vector<FileId> outputs;
        for (const FileMeta& f : edit.files_to_add) outputs.push_back(f.file_id);
        QueueIndexBuilds(r, outputs, IndexBuildType::kCompact, scope, /*front=*/true);
      }
    });
  });
}

}  // namespace hookcheck::engine
