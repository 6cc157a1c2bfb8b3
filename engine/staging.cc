// Staging (hook-paths.md §2.6, §2.9, §3 remap, §4): enter staging, remap, apply staging.
#include "engine/ref_engine.h"

namespace hookcheck::engine {
namespace {

bool SameDirective(const StagingInfo& info, const model::EnterStaging& op) {
  if (info.directive != op.directive) return false;
  // The expr is part of an UpdatePartitionExpr directive only.
  return op.directive == model::StagingDirective::kRejectAllWrites || info.expr == op.expr;
}

}  // namespace

void RefEngine::HandleEnterStaging(const model::EnterStaging& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kStaging) {
    const auto info = r->ctx->staging_info();
    if (info.has_value() && SameDirective(*info, op)) return reply.Send(Status::Ok());
    return reply.Send(Status::PartitionMismatch("already staging with another directive"));
  }
  if (s != RoleState::kWritable)
    return reply.Send(Status::RegionState("enter staging: not writable"));
  // Non-empty memtable: an EnterStaging flush first (live dir, expected W), the DDL pending.
  StartFlush(r, FlushReason::kEnterStaging, scope,
             [this, r, op, reply, scope](Status st, std::vector<FileId>) {
               if (!st.ok()) return reply.Send(st);  // the region stays W
               EnterStagingAfterFlush(r, op, reply, scope);
             });
}

void RefEngine::EnterStagingAfterFlush(const std::shared_ptr<Region>& r,
                                       const model::EnterStaging& op, Reply reply, ScopeRef scope) {
  if (!r->ctx->CompareExchangeState(RoleState::kWritable, RoleState::kEnteringStaging)) {
    return reply.Send(Status::RegionState("enter staging: state changed"));
  }
  SpawnTask([this, r, op, reply, scope] {
    // (a) Clear the staging manifest, dir and remap blob under ML; no hook.
    r->ctx->ClearStagingManifestAndDir("EnterStaging:ClearStaging");
    Status s;
    if (op.directive == model::StagingDirective::kUpdatePartitionExpr) {
      // (c) The staging write, fired while the state is still ES.
      Version v = 0;
      s = r->ctx->UpdateManifest(RoleState::kEnteringStaging, {PartitionExprChange{op.expr}},
                                 /*is_staging=*/true, &v);
      if (!s.ok()) r->ctx->UnsetStagingManifest();
    }  // (b) RejectAllWrites: no write.
    PostToWorker([this, r, op, reply, s] {
      // handle_enter_staging_result.
      if (s.ok()) {
        StagingInfo info{op.directive, op.directive == model::StagingDirective::kUpdatePartitionExpr
                                           ? op.expr
                                           : PartitionExpr{0}};
        r->ctx->set_staging_info(info);
        r->ctx->CompareExchangeState(RoleState::kEnteringStaging, RoleState::kStaging);
      } else {
        r->ctx->CompareExchangeState(RoleState::kEnteringStaging, RoleState::kWritable);
      }
      reply.Send(s);
      RunStalledWrites(r);
    });
  });
}

void RefEngine::HandleRemap(const model::Remap& op, Reply reply) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  if (r->ctx->state() != RoleState::kStaging)
    return reply.Send(Status::RegionState("remap: not staging"));
  std::vector<FileMeta> files;
  for (int i = 0; i < op.files; ++i) {
    FileMeta f;
    f.file_id = AllocateFileId();
    f.num_rows = 1;
    files.push_back(f);
  }
  // Blob write under ML (I/O under the lock, no hook); replaces an older blob.
  r->ctx->WriteRemapBlob(&store_, std::move(files));
  reply.Send(Status::Ok());
}

void RefEngine::HandleApplyStaging(const model::ApplyStaging& op, Reply reply, ScopeRef scope) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kWritable) {
    // Not staging: idempotent iff already applied, judged by the version metadata's expr (which
    // an open may have filled from the fetcher).
    const PartitionExpr current = options_.mutant == Mutant::kApplyStagingComparesLiveExpr
                                      ? r->ctx->LiveManifest().partition_expr  // MUTANT
                                      : r->version.Get().partition_expr;
    if (current == op.expr) return reply.Send(Status::Ok());
    return reply.Send(Status::RegionState("apply staging: not staging"));
  }
  if (s != RoleState::kStaging)
    return reply.Send(Status::RegionState("apply staging: not writable"));
  const auto info = r->ctx->staging_info();
  if (!info.has_value() || info->directive != model::StagingDirective::kUpdatePartitionExpr ||
      info->expr != op.expr) {
    return reply.Send(Status::PartitionMismatch("apply staging: staging partition expr differs"));
  }
  // bg (spawn_global).
  SpawnTask([this, r, reply, scope] {
    const auto blob = store_.GetRemapBlob(r->region_id);
    if (!blob.has_value()) return reply.Send(Status::Storage("remapped manifest not found"));
    // The intermediate edit goes through the worker as a staging RegionEdit (MU #1).
    RegionEdit edit;
    edit.files_to_add = *blob;
    const runtime::OneShot<Status> edited(runtime_.get());
    PostToWorker([this, r, edit, scope, edited] {
      const RoleState now = r->ctx->state();
      if (now != RoleState::kStaging) {
        edited.Set(Status::RegionState("apply staging: left staging"));
        return;
      }
      // `done` answers: the batch's reply is never waited on.
      auto batch = std::make_shared<EditBatch>(Reply(runtime_.get()));
      batch->scope = scope;
      batch->done = [edited](Status st) { edited.Set(st); };
      r->owned().edit_batch = batch;
      PendingEdit pending;
      pending.raw = false;
      pending.edit = edit;
      StartEdit(r, std::move(pending), scope);
    });
    Status s = edited.Wait("RefEngine::HandleApplyStaging:WaitStagingEdit");
    if (!s.ok()) return reply.Send(s);
    // The exit under ML; the promotion MU (#2) fires after the guard is dropped.
    reply.Send(r->ctx->ApplyStagingExit(&r->version));
  });
}

}  // namespace hookcheck::engine
