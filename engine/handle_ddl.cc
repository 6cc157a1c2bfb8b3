// Alter (hook-paths.md §2.7) and truncate (§2.8): W -> A/T on the worker, the write in a task,
// the result applied on the worker (A/T -> W).
#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandleAlter(const model::Alter& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  if (r->ctx->state() != RoleState::kWritable)
    return reply.Send(Status::RegionState("alter: not writable"));
  if (op.kind == model::AlterKind::kOptionsOnly || op.kind == model::AlterKind::kNoop) {
    return reply.Send(Status::Ok());  // applied in memory / need_alter says no
  }
  // Non-empty memtable: an Alter flush first; the alter parks as its pending DDL.
  StartFlush(r, FlushReason::kAlter, scope,
             [this, r, op, reply, scope](Status st, std::vector<FileId>) {
               if (!st.ok()) return reply.Send(st);
               AlterAfterFlush(r, op, reply, scope);
             });
}

void RefEngine::AlterAfterFlush(const std::shared_ptr<Region>& r, const model::Alter& op,
                                Reply reply, ScopeRef scope) {
  const VersionData d = r->version.Get();
  // The altered metadata is built from the version's: it carries the version's partition expr.
  RegionChange change{d.partition_expr, d.schema_version + 1,
                      d.columns + (op.kind == model::AlterKind::kAddColumn ? 1u : 0u),
                      d.index_options + (op.kind == model::AlterKind::kSetIndexes ? 1u : 0u)};
  if (!r->ctx->CompareExchangeState(RoleState::kWritable, RoleState::kAltering)) {
    return reply.Send(Status::RegionState("alter: state changed"));
  }
  SpawnTask([this, r, op, change, reply, scope] {
    Version v = 0;
    Status s = r->ctx->UpdateManifest(RoleState::kAltering, {change}, /*is_staging=*/false, &v);
    PostToWorker([this, r, op, change, reply, scope, s] {
      if (s.ok()) {
        r->version.Update([&](VersionData& d) {
          d.schema_version = change.schema_version;
          d.columns = change.columns;
          d.index_options = change.index_options;
        });
      }
      r->ctx->CompareExchangeState(RoleState::kAltering, RoleState::kWritable);
      reply.Send(s);
      // handle_manifest_region_change_result runs the SchemaChange pass whatever the result.
      if (op.kind == model::AlterKind::kSetIndexes &&
          options_.index_mode == model::IndexMode::kAsync) {
        // IndexBuildType::SchemaChange with no files named: every file whose index is stale.
        BeginWork();
        follow_on_.push_back({[this, r, scope](std::function<void()> done) {
          ScheduleIndexBuilds(r, {}, IndexBuildType::kSchemaChange, scope,
                              [done](Status) { done(); });
        }});
        RunNextFollowOn();
      }
      RunStalledWrites(r);
    });
  });
}

void RefEngine::HandleTruncate(const model::Truncate& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  if (r->ctx->state() != RoleState::kWritable)
    return reply.Send(Status::RegionState("truncate: not writable"));
  const VersionData d = r->version.Get();
  RegionTruncate t;
  if (op.all) {
    t.kind = RegionTruncate::Kind::kAll;
    t.truncated_entry_id = d.last_entry_id;
    t.truncated_sequence = d.committed_sequence;
  } else {
    t.kind = RegionTruncate::Kind::kPartial;
    for (const auto& [id, f] : d.files) {
      if (op.lo <= f.min_ts && f.max_ts <= op.hi) t.files_to_remove.push_back(id);
    }
    if (t.files_to_remove.empty()) return reply.Send(Status::Ok());  // nothing inside the range
  }
  if (!r->ctx->CompareExchangeState(RoleState::kWritable, RoleState::kTruncating)) {
    return reply.Send(Status::RegionState("truncate: state changed"));
  }
  SpawnTask([this, r, t, reply, scope] {
    Version v = 0;
    Status s = r->ctx->UpdateManifest(RoleState::kTruncating, {t}, /*is_staging=*/false, &v);
    PostToWorker([this, r, t, reply, s] {
      r->ctx->CompareExchangeState(RoleState::kTruncating, RoleState::kWritable);
      if (s.ok() && t.kind == RegionTruncate::Kind::kAll) wal_.Obsolete(t.truncated_entry_id);
      if (s.ok()) {
        r->version.Update([&](VersionData& d) {
          if (t.kind == RegionTruncate::Kind::kAll) {
            d.files.clear();
            d.memtable.clear();
          } else {
            for (FileId id : t.files_to_remove) d.files.erase(id);
          }
        });
      }
      reply.Send(s);
      RunStalledWrites(r);
    });
  });
}

}  // namespace hookcheck::engine
