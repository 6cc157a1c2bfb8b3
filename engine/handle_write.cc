// Put: the write path (worker thread).
#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::HandlePut(const model::Put& op, Reply reply) {
  model::ErrorCode code;
  std::shared_ptr<Region> r = OpenRegion(&code);
  if (r == nullptr) return reply.Send(Status::RegionNotFound("region not open"));
  const RoleState s = r->ctx->state();
  if (s == RoleState::kAltering || s == RoleState::kEditing || s == RoleState::kEnteringStaging) {
    // Stalled until the DDL or edit finishes (erratum 6).
    r->owned().stalled_writes.push_back([this, op, reply] { HandlePut(op, reply); });
    return;
  }
  bool writable = s == RoleState::kWritable;
  if (s == RoleState::kStaging) {
    const auto info = r->ctx->staging_info();
    writable = !(info.has_value() && info->directive == model::StagingDirective::kRejectAllWrites);
  }
  if (!writable) return reply.Send(Status::RegionState("put refused in this state"));
  const auto [entry_id, sequence] = r->version.Update([&](VersionData& d) {
    d.memtable.push_back(op.ts);
    ++d.committed_sequence;
    // A no-op WAL writes nothing and leaves next_entry_id alone.
    if (!options_.skip_wal) ++d.last_entry_id;
    return std::pair{d.last_entry_id, d.committed_sequence};
  });
  if (!options_.skip_wal) wal_.Append(entry_id, op.ts, sequence);
  reply.Send(Status::Ok());
}

void RefEngine::RunStalledWrites(const std::shared_ptr<Region>& r) {
  std::deque<std::function<void()>> writes;
  writes.swap(r->owned().stalled_writes);
  for (auto& w : writes) w();
}

}  // namespace hookcheck::engine
