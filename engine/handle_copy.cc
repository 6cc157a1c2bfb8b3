// Copy region (hook-paths.md §2.5): no transient state; the task copies the source files not in
// the live manifest and commits with expected state W.
#include "engine/ref_engine.h"

namespace hookcheck::engine {

namespace {
// The fixed source region's files: 1001..1000+n, one row each, ts 0.
constexpr FileId kSourceFileBase = 1000;
}  // namespace

void RefEngine::HandleCopyRegion(const model::CopyRegion& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  if (r->ctx->state() != RoleState::kWritable) {
    return reply.Send(Status::RegionState("copy region: not writable (or staging)"));
  }
  const uint8_t n = op.source_files;
  SpawnTask([this, r, n, reply, scope] {
    const RegionManifest live = r->ctx->LiveManifest();
    RegionEdit edit;
    for (FileId id = kSourceFileBase + 1; id <= kSourceFileBase + n; ++id) {
      if (live.files.count(id)) continue;
      FileMeta f;
      f.file_id = id;
      f.num_rows = 1;
      edit.files_to_add.push_back(f);
    }
    if (edit.files_to_add.empty()) return reply.Send(Status::Ok());  // nothing to copy
    for (const FileMeta& f : edit.files_to_add) {
      store_.WriteSst(r->region_id, f, /*faults=*/nullptr).IgnoreError();  // the object copy
    }
    Version v = 0;
    Status s = r->ctx->UpdateManifest(RoleState::kWritable, {edit}, /*is_staging=*/false, &v);
    PostToWorker([r, s, edit, reply] {
      // handle_copy_region_from_finished: apply iff still writable.
      if (s.ok() && r->ctx->state() == RoleState::kWritable) {
        r->version.Update([&](VersionData& d) { VersionControl::ApplyEdit(edit, &d); });
      }
      reply.Send(s);
    });
  });
}

}  // namespace hookcheck::engine
