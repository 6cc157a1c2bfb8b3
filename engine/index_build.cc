// Index builds (hook-paths.md §2.10, errata 13, 14, 20): handle_rebuild_index picks the files,
// the IndexBuildScheduler runs at most `index_build_slots` of them at once (highest priority
// first, then lowest file id), and each build commits the same file id with its new index
// (expected state W, so W or Dg at commit). Zero-size output: no write. A failed index manifest
// write fails every build of the region still waiting for a slot (IndexBuildStatus::on_failure).
#include <algorithm>

#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleBuildIndex(Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kStaging) return reply.Send(Status::Ok());  // should_abort_index
  if (s != RoleState::kWritable)
    return reply.Send(Status::RegionState("build index: not writable"));
  // No files named: those whose index is inconsistent with the region metadata.
  ScheduleIndexBuilds(r, {}, IndexBuildType::kManual, scope,
                      [reply](Status st) { reply.Send(st); });
}

void RefEngine::ScheduleIndexBuilds(const std::shared_ptr<Region>& r, std::vector<FileId> files,
                                    IndexBuildType type, ScopeRef scope,
                                    std::function<void(Status)> done) {
  const VersionData d = r->version.Get();
  // V5 (handle_rebuild_index at 81a0dd77c7): a version file the manifest does not hold is skipped
  // ("absent from manifest"), and the manifest's FileMeta is the build's source, judged stale or
  // not and compared again at publication.
  const bool conditional = model::HasHeadPaths(options_.contract);
  const RegionManifest manifest = conditional ? r->ctx->LiveManifest() : RegionManifest{};
  auto source_of = [&](FileId id, const FileMeta& version_meta) -> std::optional<FileMeta> {
    if (!conditional) return version_meta;
    auto it = manifest.files.find(id);
    if (it == manifest.files.end()) return std::nullopt;
    return it->second;
  };
  std::vector<FileMeta> picked;  // each build's source, ascending file id
  if (files.empty()) {
    for (const auto& [id, f] : d.files) {
      const std::optional<FileMeta> source = source_of(id, f);
      if (source && !IndexConsistent(*source, d.index_options)) picked.push_back(*source);
    }
  } else {
    std::sort(files.begin(), files.end());
    for (FileId id : files) {
      auto it = d.files.find(id);
      if (it == d.files.end()) continue;
      const std::optional<FileMeta> source = source_of(id, it->second);
      if (source) picked.push_back(*source);
    }
  }
  if (picked.empty()) return done(Status::Ok());
  // The waiter answers the first error, or Ok once every scheduled task reported.
  struct Waiter {
    size_t outstanding = 0;
    bool answered = false;
    std::function<void(Status)> done;
  };
  auto waiter = std::make_shared<Waiter>();
  waiter->done = std::move(done);
  std::vector<IndexBuildTask> tasks;
  for (FileMeta& source : picked) {
    if (r->ctx->state() != RoleState::kWritable) break;  // should_abort_index stops scheduling
    tasks.push_back({source.file_id, type, std::move(source), scope, [waiter](Status st) {
                       if (waiter->answered) return;
                       if (!st.ok() || --waiter->outstanding == 0) {
                         waiter->answered = true;
                         waiter->done(st);
                       }
                     }});
  }
  waiter->outstanding = tasks.size();
  if (tasks.empty()) return waiter->done(Status::Ok());
  for (IndexBuildTask& t : tasks) r->owned().index_pending.push_back(std::move(t));
  RunIndexBuilds(r);
}

void RefEngine::RunIndexBuilds(const std::shared_ptr<Region>& r) {
  RegionLoopState& own = r->owned();
  while (static_cast<int>(own.index_building.size()) < options_.index_build_slots &&
         !own.index_pending.empty()) {
    auto best = std::max_element(own.index_pending.begin(), own.index_pending.end(),
                                 [](const IndexBuildTask& a, const IndexBuildTask& b) {
                                   if (a.type != b.type) return a.type < b.type;
                                   return a.file > b.file;
                                 });
    IndexBuildTask task = std::move(*best);
    own.index_pending.erase(best);
    if (std::count(own.index_building.begin(), own.index_building.end(), task.file) > 0) {
      task.on_result(Status::Ok());  // Aborted: that file's index is already being built
      continue;
    }
    // Scheduling a file drops its other waiting tasks (pending_tasks.retain); they never report.
    std::vector<IndexBuildTask> dropped;
    for (auto it = own.index_pending.begin(); it != own.index_pending.end();) {
      if (it->file == task.file) {
        dropped.push_back(std::move(*it));
        it = own.index_pending.erase(it);
      } else {
        ++it;
      }
    }
    for (IndexBuildTask& t : dropped) t.on_result(Status::Ok());
    own.index_building.push_back(task.file);
    StartIndexBuild(r, std::move(task));
  }
}

void RefEngine::OnIndexBuildStopped(const std::shared_ptr<Region>& r, IndexBuildTask task,
                                    Status write) {
  RegionLoopState& own = r->owned();
  if (!write.ok() && options_.mutant != Mutant::kIndexFailureSparesWaitingBuilds) {
    // handle_index_build_failed: every waiting build of the region fails with this error; their
    // MUs never fire.
    std::vector<IndexBuildTask> pending;
    pending.swap(own.index_pending);
    for (IndexBuildTask& t : pending) t.on_result(write);
  }
  // The task itself reports Finished even when its manifest write failed.
  task.on_result(Status::Ok());
  own.index_building.erase(
      std::find(own.index_building.begin(), own.index_building.end(), task.file));
  RunIndexBuilds(r);
}

void RefEngine::StartIndexBuild(const std::shared_ptr<Region>& r, IndexBuildTask task) {
  // index_build checks only that the SST is still in the version (check_sst_file_exists), not the
  // role: a region that left W is refused at publication (update_manifest's state check, or at V5
  // update_manifest_for_index's re-validation).
  const VersionData d = r->version.Get();
  auto it = d.files.find(task.file);
  if (it == d.files.end() || it->second.num_rows == 0) {
    // Not live any more, or an empty index output: no manifest write.
    return OnIndexBuildStopped(r, std::move(task), Status::Ok());
  }
  const FileMeta meta = task.source;
  const uint32_t index_options = d.index_options;
  const uint32_t schema_version = d.schema_version;
  ScopeRef scope = task.scope;
  SpawnTask(
      [this, r, meta, index_options, schema_version, scope, task = std::move(task)]() mutable {
        FileMeta indexed = meta;
        indexed.index_version = meta.indexed_for ? meta.index_version + 1 : 0;
        indexed.indexed_for = index_options;
        RegionEdit edit;  // sst/index.rs 925-932: every payload field None
        edit.files_to_add = {indexed};
        Version v = 0;
        Status s;
        bool stale = false;
        if (model::HasHeadPaths(options_.contract)) {
          // V5: the role_change fault's index-build site, after the index is built and before the
          // conditional publication re-validates at HEAD (a shared decision).
          sync_points_.Process(kSyncSstAfterWriteBeforeCommit);
          s = r->ctx->UpdateManifestForIndex(meta, indexed, schema_version, &stale, &v);
        } else {
          s = r->ctx->UpdateManifest(RoleState::kWritable, {edit}, /*is_staging=*/false, &v);
        }
        PostToWorker([this, r, s, stale, edit, task = std::move(task)]() mutable {
          if (s.ok() && !stale) {
            r->version.Update([&](VersionData& d) {
              if (d.files.count(edit.files_to_add[0].file_id)) VersionControl::ApplyEdit(edit, &d);
            });
          }
          OnIndexBuildStopped(r, std::move(task), s);
        });
      });
}

}  // namespace hookcheck::engine
