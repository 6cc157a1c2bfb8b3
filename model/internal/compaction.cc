// File: model/internal/compaction.cc
// The local compaction of docs/contract.md §1.5 and §2 (CompactLocal row), the index builds of
// §2 (BuildIndex row) and the follow-on work of §1.4.
#include <algorithm>

#include "model/internal/machine.h"

namespace hookcheck::model::step_internal {

Machine::Pick Machine::PickCompaction(uint8_t expire_before) const {
  Pick pick;
  for (const FileMeta& f : VersionFiles()) {
    if (expire_before != 0 && f.max_ts < expire_before) {
      pick.expired.push_back(f.id);
    } else {
      pick.inputs.push_back(f);
    }
  }
  if (pick.inputs.size() < 2) pick.inputs.clear();
  return pick;
}

FileMeta Machine::MergeOutput(const std::vector<FileMeta>& inputs, size_t i, uint8_t index_gen) {
  FileMeta o;
  o.id = AllocateFileId();
  o.min_ts = inputs[i].min_ts;
  o.max_ts = inputs[i].max_ts;
  o.needs_index = config_.index_mode == IndexMode::kAsync;  // Sync: built inline
  o.index_gen = index_gen;
  for (size_t j = i; j < std::min(i + 2, inputs.size()); ++j) {
    o.rows += inputs[j].rows;
    o.min_ts = std::min(o.min_ts, inputs[j].min_ts);
    o.max_ts = std::max(o.max_ts, inputs[j].max_ts);
  }
  if (o.rows == 0) o.needs_index = true;
  return o;
}

ErrorCode Machine::RunLocalCompaction(const CompactLocal& c, std::vector<FileId>* outputs,
                                      bool* picked) {
  const Pick pick = PickCompaction(c.expire_before);
  const std::vector<FileId>& expired = pick.expired;
  const std::vector<FileMeta>& inputs = pick.inputs;
  *picked = !pick.empty();
  if (!*picked) return ErrorCode::kOk;
  if (c.budget_fails) return ErrorCode::kCompactionFailed;

  if (!expired.empty()) {
    WriteSpec ttl;
    ttl.predicate = Predicate::kAnyLeader;
    ttl.actions = {Action{.kind = ActionKind::kEdit, .remove = expired}};
    // A failed TTL pre-step is only logged; the expired files stay and the merge goes on.
    (void)Write(ttl, "ttl");
  }

  // Output i merges inputs 2i and 2i+1; ids are allocated in output order when the merge starts.
  struct Output {
    FileMeta meta;
    std::vector<FileId> inputs;
  };
  std::vector<Output> merged;
  for (size_t i = 0; i < inputs.size(); i += 2) {
    Output o;
    o.meta = MergeOutput(inputs, i, s_.index_gen);
    for (size_t j = i; j < std::min(i + 2, inputs.size()); ++j) o.inputs.push_back(inputs[j].id);
    merged.push_back(std::move(o));
  }
  if (c.crash) return ErrorCode::kCompactionFailed;  // the whole merge fails: no SFW, no MU

  std::vector<FileMeta> surviving;
  std::vector<FileId> removed;
  for (size_t i = 0; i < merged.size(); ++i) {
    const int bit = static_cast<int>(std::min<size_t>(i, 7));
    if ((c.failed_outputs >> bit) & 1) continue;  // a failed output is skipped, its inputs kept
    surviving.push_back(merged[i].meta);
    removed.insert(removed.end(), merged[i].inputs.begin(), merged[i].inputs.end());
  }
  std::sort(removed.begin(), removed.end());
  AddSfw(surviving, /*level=*/1, "merge");
  SyncPoint();

  WriteSpec w;
  w.predicate = Predicate::kCompaction;
  w.actions = {Action{.kind = ActionKind::kEdit, .add = IdsOf(surviving), .remove = removed}};
  w.new_files = surviving;
  const WriteOutcome out = Write(w, "merge");
  if (out.code != ErrorCode::kOk) KeepUncommitted(IdsOf(surviving), out.code);
  if (out.code == ErrorCode::kOk && outputs != nullptr) {
    for (const FileMeta& f : surviving) outputs->push_back(f.id);
  }
  return out.code;
}

ErrorCode Machine::RunIndexBuilds(const std::vector<FileId>& ids) {
  std::vector<FileId> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  // Each run of index MUs gets its own group, so that groups stay consecutive in the call list
  // (an op may have two runs: the flush's file, then the follow-on compaction's outputs).
  uint8_t group = 0;
  // Builds start in ascending id, `index_build_slots` at a time, each finishing before the next
  // starts. The first failed index manifest write fails every build still waiting for a slot
  // (IndexBuildScheduler::on_failure): builds from `failed + slots` on write nothing. The
  // failed build itself reports Ok to its waiter; each failed waiting one reports the write's
  // error (BuildIndexAsync carries the source's status code): that is the result.
  size_t position = 0;
  std::optional<size_t> failed;
  ErrorCode failure = ErrorCode::kOk;
  ErrorCode result = ErrorCode::kOk;
  const bool conditional = HasHeadPaths(config_.contract);
  for (FileId id : sorted) {
    const FileMeta* live = FindFile(VersionFiles(), id);
    // V5 (handle_rebuild_index at 81a0dd77c7, current_file_meta): a version file the manifest no
    // longer holds is skipped, and the manifest's FileMeta is the source the build is judged by
    // and publishes (with its new index).
    if (live != nullptr && conditional) live = FindFile(s_.live_files, id);
    if (live == nullptr || !IndexStale(*live)) continue;  // only files still live qualify
    // A 0-row file is a task too (it takes a slot and can be failed while waiting), but its
    // empty index output writes nothing and leaves it stale.
    const size_t here = position++;
    if (failed && here >= *failed + config_.index_build_slots) {
      result = failure;
      continue;
    }
    if (live->rows == 0) continue;
    if (conditional) {
      // V5 (f817690b82, 81a0dd77c7): the built index is published by update_manifest_for_index,
      // which re-validates under ML (W or Dg, manager not stopped, FileMeta and schema version
      // unchanged). The shared decision puts a role_change site just before it. A failed check
      // is Stale: no version, no MU, an Aborted outcome (Ok, not a failure: no waiting build
      // is cancelled).
      SyncPoint();
      if (!PredicatePasses(Predicate::kWritable)) continue;
    }
    if (group == 0) group = next_group_++;
    FileMeta meta = *live;
    meta.needs_index = false;
    meta.index_gen = s_.index_gen;
    WriteSpec w;
    w.predicate = Predicate::kWritable;
    w.actions = {Action{.kind = ActionKind::kEdit, .add = {id}}};
    w.new_files = {meta};
    const WriteOutcome out = Write(w, "index", group);
    if (out.code != ErrorCode::kOk && !failed) {
      failed = here;
      failure = out.code;
    }
  }
  return result;
}

void Machine::RunFollowOn(const std::vector<FileId>& index_files) {
  // Index tasks stop once should_abort_index holds (F, Dr, T, Dg, S): only W builds (§2.10).
  if (config_.index_mode == IndexMode::kAsync && s_.role == RoleState::kWritable) {
    (void)RunIndexBuilds(index_files);
  }
  RunAutoCompactions();
}

void Machine::AfterCompaction(const std::vector<FileId>& outputs) {
  // handle_compaction_finished: the outputs' index builds, then schedule_next_compaction.
  if (config_.index_mode == IndexMode::kAsync && s_.role == RoleState::kWritable) {
    (void)RunIndexBuilds(outputs);
  }
  RunAutoCompactions();
}

void Machine::RunAutoCompactions() {
  // Every finished compaction reschedules the picker (erratum 19), so this loops until the
  // automatic picker (threshold k) picks nothing. Each round leaves ceil(n/2) of n >= 2 files,
  // so it terminates. A failed or unpicked round finishes nothing and stops the loop.
  std::vector<FileId> outputs;
  while (config_.auto_compact_threshold != 0 &&
         !RoleIn({RoleState::kStaging, RoleState::kEnteringStaging}) &&
         VersionFiles().size() >= config_.auto_compact_threshold) {
    outputs.clear();
    bool picked = false;
    // The automatic compaction's result reaches no requester: the op's result is its own.
    if (RunLocalCompaction(CompactLocal{}, &outputs, &picked) != ErrorCode::kOk || !picked) return;
    if (config_.index_mode == IndexMode::kAsync && s_.role == RoleState::kWritable) {
      (void)RunIndexBuilds(outputs);
    }
  }
}

}  // namespace hookcheck::model::step_internal
