// Index builds (hook-paths.md §2.10): one task per file; the commit re-adds the same file id
// with its new index (expected state W, so W or Dg at commit). Zero-size output: no write.
#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleBuildIndex(Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kStaging) return reply.Send(Status::Ok());  // should_abort_index
  if (s != RoleState::kWritable) return reply.Send(Status::RegionState("build index: not writable"));
  // Files of the current version whose index is out of date, ascending id.
  auto files = std::make_shared<std::deque<FileId>>();
  for (const auto& [id, f] : r->version.Get().files) {
    if (!f.index_current && f.num_rows > 0) files->push_back(id);
  }
  // One build after the other; a failed write leaves that file stale and the others go on.
  auto next = std::make_shared<std::function<void()>>();
  *next = [this, r, files, scope, reply, next] {
    if (files->empty()) {
      reply.Send(Status::Ok());
      *next = nullptr;  // breaks the self-reference
      return;
    }
    const FileId id = files->front();
    files->pop_front();
    StartIndexBuild(r, id, scope, [next] { (*next)(); });
  };
  (*next)();
}

void RefEngine::StartIndexBuild(const std::shared_ptr<Region>& r, FileId id, ScopeRef scope,
                                std::function<void()> done) {
  // The loop stops scheduling once should_abort_index holds (F, Dr, T, Dg, S): effectively W.
  if (r->ctx->state() != RoleState::kWritable) return done();
  const VersionData d = r->version.Get();
  auto it = d.files.find(id);
  if (it == d.files.end()) return done();  // no longer live
  FileMeta meta = it->second;
  if (meta.num_rows == 0) return done();  // empty index output: no manifest write
  SpawnTask([this, r, meta, scope, done = std::move(done)]() mutable {
    FileMeta indexed = meta;
    indexed.index_version = meta.index_current ? meta.index_version + 1 : 0;
    indexed.index_current = true;
    RegionEdit edit;
    edit.files_to_add = {indexed};
    Version v = 0;
    Status s = r->ctx->UpdateManifest(RoleState::kWritable, {edit}, /*is_staging=*/false, &v);
    PostToWorker([r, s, edit, done] {
      if (s.ok()) {
        r->version.Update([&](VersionData& d) {
          if (d.files.count(edit.files_to_add[0].file_id)) VersionControl::ApplyEdit(edit, &d);
        });
      }
      done();
    });
  });
}

}  // namespace hookcheck::engine
