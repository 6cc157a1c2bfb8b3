// File: model/internal/remote_compaction.cc
// CompactRemote (docs/contract.md §2) and the datanode's counter after it (hook-paths.md
// erratum 23): under remote_counter kUpstream the compactor's delta sits in the live dir above the
// datanode's counter until the datanode's next write reuses its version.
#include <algorithm>

#include "model/internal/machine.h"

namespace hookcheck::model::step_internal {

ErrorCode Machine::Do(const CompactRemote& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  // The same scheduler entry as a local compaction: skipped in S (erratum 21).
  if (s_.role == RoleState::kStaging) return ErrorCode::kOk;
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  // The datanode picks on its version (the §1.5 picker) and sends the pick to the compactor.
  const Pick pick = PickCompaction(op.expire_before);
  if (pick.empty()) return ErrorCode::kOk;
  const std::vector<FileMeta>& inputs = pick.inputs;
  std::vector<FileMeta> outputs;
  std::vector<FileId> removed = pick.expired;
  for (size_t i = 0; i < inputs.size(); i += 2) {
    // The compactor opens the manifest from the live dir and indexes for that metadata.
    outputs.push_back(MergeOutput(inputs, i, s_.persisted.index_gen));
    for (size_t j = i; j < std::min(i + 2, inputs.size()); ++j) removed.push_back(inputs[j].id);
  }
  std::sort(removed.begin(), removed.end());
  WriteSpec w;
  w.actions = {Action{.kind = ActionKind::kEdit, .add = IdsOf(outputs), .remove = removed}};
  w.new_files = outputs;
  if (op.plugins) AddSfw(outputs, /*level=*/1, "remote merge", /*on_compactor=*/true);
  // The compactor commits through update_manifest_for_compaction on the manifest it opened from the
  // live dir, truncation check included: inputs the datanode picked from a version that manifest
  // does not hold are refused (after the SFW; nothing is written).
  if (!TruncationCheckPasses(w, s_.persisted.truncated_entry_id, s_.persisted.flushed_sequence,
                             s_.persisted.files)) {
    return ErrorCode::kRegionTruncated;
  }
  // The compactor's own counter: the live dir's max + 1. No fault applies there.
  const Version v = s_.persisted.version + 1;
  const bool upstream = config_.remote_counter == RemoteCounter::kUpstream;
  if (upstream && v > s_.last_version) {
    if (s_.remote_tail.empty()) s_.remote_base = s_.persisted;
    s_.remote_tail.push_back(RemoteDelta{v, w.actions[0], outputs});
  }
  ApplyLive(w, ChangeOf(w), &s_.persisted);
  s_.persisted.version = v;
  if (upstream) {
    // handle_compaction_finished applies the edit to the version only: the manifest manager's
    // in-memory manifest and counter stay behind.
    if (!s_.version_files) s_.version_files = s_.live_files;
    RemoveIds(&*s_.version_files, removed);
    for (const FileMeta& f : outputs) Upsert(&*s_.version_files, f);
  } else {
    // The race closed: the datanode installs the compactor's edit, counter included.
    ApplyLive(w, ChangeOf(w), &s_.live_files, &s_.live_expr, &s_.index_gen, &s_.truncated_entry_id,
              &s_.flushed_entry_id, &s_.flushed_sequence);
    if (s_.version_files) {
      RemoveIds(&*s_.version_files, removed);
      for (const FileMeta& f : outputs) Upsert(&*s_.version_files, f);
    }
    s_.last_version = std::max(s_.last_version, v);
  }
  if (op.plugins) AddMu(w.actions, v, "remote merge", 0, /*on_compactor=*/true);
  // handle_compaction_finished also queues the outputs' async index builds. Its re-run would be
  // a remote compaction again, which the model leaves to the next CompactRemote op.
  if (config_.index_mode == IndexMode::kAsync && s_.role == RoleState::kWritable) {
    (void)RunIndexBuilds(IdsOf(outputs));
  }
  return ErrorCode::kOk;
}

bool Machine::OverwriteRemoteDelta(Version v, const WriteSpec& w) {
  if (s_.remote_tail.empty() || s_.remote_tail.front().version != v) return false;
  // store.save(v) replaces the compactor's delta file: the live dir loses its edit.
  PersistedLive& base = s_.remote_base;
  ApplyLive(w, ChangeOf(w), &base);
  base.version = v;
  s_.remote_tail.erase(s_.remote_tail.begin());
  s_.persisted = base;
  for (const RemoteDelta& d : s_.remote_tail) ApplyRemoteDelta(d, &s_.persisted);
  if (s_.remote_tail.empty()) s_.remote_base = PersistedLive{};
  return true;
}

void Machine::KeepRemoteDelta(Version v) {
  if (s_.remote_tail.empty() || s_.remote_tail.front().version != v) return;
  ApplyRemoteDelta(s_.remote_tail.front(), &s_.remote_base);
  s_.remote_tail.erase(s_.remote_tail.begin());
  if (s_.remote_tail.empty()) s_.remote_base = PersistedLive{};
}

void Machine::InstallRemoteTail() {
  // The version already holds their edits (the datanode applied each in memory); installing
  // them moves the manifest manager's counter up to the live dir's.
  for (const RemoteDelta& d : s_.remote_tail) {
    ApplyRemoteDelta(d, &s_);
    s_.last_version = d.version;
  }
  s_.remote_tail.clear();
  s_.remote_base = PersistedLive{};
}

void ApplyRemoteDelta(const RemoteDelta& d, PersistedLive* live) {
  RemoveIds(&live->files, d.edit.remove);
  for (const FileMeta& f : d.new_files) Upsert(&live->files, f);
  live->version = std::max(live->version, d.version);
}

void ApplyRemoteDelta(const RemoteDelta& d, RegionState* s) {
  RemoveIds(&s->live_files, d.edit.remove);
  for (const FileMeta& f : d.new_files) Upsert(&s->live_files, f);
}

}  // namespace hookcheck::model::step_internal
