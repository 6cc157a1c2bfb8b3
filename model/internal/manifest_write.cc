// File: model/internal/manifest_write.cc
// The shared mechanics of docs/contract.md §1.1/§1.2: one manifest write (predicate, truncation
// check, version counter, save/rebuild faults, MU), the calls it appends, and the file helpers.
#include <algorithm>
#include <type_traits>

#include "model/internal/machine.h"

namespace hookcheck::model::step_internal {

Machine::Machine(const RegionState& state, const Fault& fault, const ModelConfig& config,
                 StepResult* out)
    : s_(out->next), fault_(fault), config_(config), expect_(out->expect) {
  if (&s_ != &state) s_ = state;  // copy-assignment keeps the vectors' capacity
  expect_.result = ErrorCode::kOk;
  expect_.new_instance = false;
  // expect_.calls keeps the previous step's calls as spare storage until Run() trims them.
}

void Machine::Run(const Op& op) {
  expect_.result = std::visit([this](const auto& o) { return Do(o); }, op);
  expect_.calls.resize(calls_);
  // The fault is disarmed when the op ends, used or not (§1.6): nothing to carry over.
}

bool Machine::RoleIn(std::initializer_list<RoleState> roles) const {
  return std::find(roles.begin(), roles.end(), s_.role) != roles.end();
}

bool Machine::PredicatePasses(Predicate p) const {
  const RoleState r = s_.role;
  const bool dg = r == RoleState::kDowngrading;
  switch (p) {
    case Predicate::kWritable:
      return r == RoleState::kWritable || dg;
    case Predicate::kStaging:
      return r == RoleState::kStaging || dg;
    case Predicate::kDowngrading:
      return dg;
    case Predicate::kEditing:
      return r == RoleState::kEditing || dg;
    case Predicate::kAltering:
      return r == RoleState::kAltering || dg;
    case Predicate::kTruncating:
      return r == RoleState::kTruncating || dg;
    case Predicate::kEnteringStaging:
      return r == RoleState::kEnteringStaging || dg;
    case Predicate::kCompaction:
      return r == RoleState::kWritable || r == RoleState::kEditing || dg;
    case Predicate::kAnyLeader:
      return r != RoleState::kFollower;
    case Predicate::kUnchecked:
      return true;
  }
  return false;
}

// hook-paths.md §1.4 step 4, against the in-memory live manifest. The model has no sequences, so
// a flushed entry id equal to the mark counts as stale (never reached sequentially: a flush after
// TruncateAll always carries a newer entry).
bool TruncationCheckPasses(const WriteSpec& w, const std::optional<uint64_t>& truncated_entry_id,
                           uint64_t flushed_sequence, const std::vector<FileMeta>& files) {
  if (!truncated_entry_id) return true;
  for (const Action& a : w.actions) {
    if (a.kind != ActionKind::kEdit) continue;
    // Newer than the truncation: a later entry, or the same entry with a newer sequence.
    if (w.flushed_entry_id) {
      const bool newer_entry = *w.flushed_entry_id > *truncated_entry_id;
      const bool same_entry_newer_sequence = *w.flushed_entry_id == *truncated_entry_id &&
                                             w.flushed_sequence.value_or(0) > flushed_sequence;
      if (!newer_entry && !same_entry_newer_sequence) return false;
    }
    for (FileId id : a.remove) {
      if (FindFile(files, id) == nullptr) return false;
    }
  }
  return true;
}

WriteOutcome Machine::Write(const WriteSpec& w, std::string_view why, uint8_t group, bool fire) {
  if (!PredicatePasses(w.predicate)) return {ErrorCode::kRegionState, 0};
  if (w.truncation_check &&
      !TruncationCheckPasses(w, s_.truncated_entry_id, s_.flushed_sequence, s_.live_files)) {
    return {ErrorCode::kRegionTruncated, 0};
  }
  if (!config_.payloads && std::any_of(w.actions.begin(), w.actions.end(), HasPayload)) {
    WriteSpec bare = w;
    for (Action& a : bare.actions) a = WithoutPayload(std::move(a));
    return Write(bare, why, group, fire);
  }
  const Version v = ++s_.last_version;
  if (TakeFault(FaultKind::kSaveFails)) {
    KeepRemoteDelta(v);
    return {ErrorCode::kStorage, v};
  }
  const bool rebuild_fails = TakeFault(FaultKind::kRebuildFails);
  // The save succeeded: the delta is in its dir whatever happens to the in-memory rebuild.
  if (w.dir == Dir::kLive) {
    if (!OverwriteRemoteDelta(v, w)) ApplyLive(w, ChangeOf(w), &s_.persisted);
    s_.persisted.version = std::max(s_.persisted.version, v);
  } else {
    KeepRemoteDelta(v);
    // The staging dir is what an exit merges, so a staging delta whose rebuild failed is staged
    // all the same (§1.2 step 5).
    s_.staged_actions.insert(s_.staged_actions.end(), w.actions.begin(), w.actions.end());
    for (const FileMeta& f : w.new_files) Upsert(&s_.staged_files, f);
    if (w.flushed_entry_id)
      s_.staged_flushed_entry_id = std::max(s_.staged_flushed_entry_id, *w.flushed_entry_id);
    if (w.flushed_sequence)
      s_.staged_flushed_sequence = std::max(s_.staged_flushed_sequence, *w.flushed_sequence);
  }
  if (rebuild_fails) return {ErrorCode::kUnexpected, v};
  if (w.dir == Dir::kLive) {
    const ChangeMeta change = ChangeOf(w);
    ApplyLive(w, change, &s_.live_files, &s_.live_expr, &s_.index_gen, &s_.truncated_entry_id,
              &s_.flushed_entry_id, &s_.flushed_sequence);
    // VersionControl::apply_edit: committed = max(committed, edit.committed_sequence).
    if (w.committed_sequence)
      s_.committed_sequence = std::max(s_.committed_sequence, *w.committed_sequence);
    if (s_.version_files) {
      // The version gets the same delta (apply_edit); only its file set differs.
      PartitionExpr expr = 0;
      uint8_t gen = 0;
      std::optional<uint64_t> truncated;
      uint64_t flushed = 0, sequence = 0;
      ApplyLive(w, change, &*s_.version_files, &expr, &gen, &truncated, &flushed, &sequence);
    }
  }
  const bool suppressed =
      SuppressesStagingManifestUpdates(config_.contract) && w.dir == Dir::kStaging;
  if (fire && !suppressed) AddMu(w.actions, v, why, group);
  return {ErrorCode::kOk, v};
}

ExpectedCall& Machine::NextCall() {
  if (calls_ == expect_.calls.size()) expect_.calls.emplace_back();
  return expect_.calls[calls_++];
}

bool HasPayload(const Action& a) {
  return a.flushed_entry_id || a.flushed_sequence || a.committed_sequence || a.truncated_entry_id;
}

Action WithoutPayload(Action a) {
  ClearPayload(&a);
  return a;
}

ExpectedCall& Machine::NewCall(Callback callback, std::string_view why) {
  ExpectedCall& c = NextCall();
  // Every field is reset, so a reused slot ends equal to a fresh one; clear() and the builders'
  // copy assignments reuse the slot's vectors' storage.
  c.callback = callback;
  c.files.clear();
  c.file_infos.clear();
  c.gc_region_dropped = false;
  c.gc_full_listing = false;
  c.version = 0;
  c.actions.clear();
  c.unordered_group = 0;
  c.on_compactor = false;
  c.why = why;
  return c;
}

void Machine::AddMu(const std::vector<Action>& actions, Version v, std::string_view why,
                    uint8_t group, bool on_compactor) {
  ExpectedCall& c = NewCall(Callback::kManifestUpdated, why);
  c.version = v;
  c.actions = actions;
  c.unordered_group = group;
  c.on_compactor = on_compactor;
}

void Machine::AddSfw(const std::vector<FileMeta>& files, uint8_t level, std::string_view why,
                     bool on_compactor) {
  ExpectedCall& c = NewCall(Callback::kSstFilesWritten, why);
  for (const FileMeta& f : files) {
    if (!config_.payloads) {
      c.files.push_back(f.id);
      continue;
    }
    c.file_infos.push_back(SstFileInfo{
        .id = f.id, .rows = f.rows, .min_ts = f.min_ts, .max_ts = f.max_ts, .level = level});
  }
  std::sort(c.file_infos.begin(), c.file_infos.end(),
            [](const SstFileInfo& a, const SstFileInfo& b) { return a.id < b.id; });
  if (config_.payloads) {
    for (const SstFileInfo& f : c.file_infos) c.files.push_back(f.id);
  } else {
    std::sort(c.files.begin(), c.files.end());
  }
  c.on_compactor = on_compactor;
}

void Machine::AddLifecycle(Callback callback, std::string_view why) { NewCall(callback, why); }

void Machine::AddGc(const std::vector<FileId>& removed, bool region_dropped, bool full_listing,
                    std::string_view why) {
  ExpectedCall& c = NewCall(Callback::kRegionGc, why);
  c.files = removed;
  c.gc_region_dropped = region_dropped;
  c.gc_full_listing = full_listing;
}

bool Machine::TakeFault(FaultKind kind) {
  if (fault_.kind != kind) return false;
  fault_.kind = FaultKind::kNone;
  return true;
}

void Machine::SyncPoint() {
  if (fault_.kind != FaultKind::kRoleChangeBeforeCommit) return;
  fault_.kind = FaultKind::kNone;
  SetRoleLockFree(fault_.role);
}

void ApplyLive(const WriteSpec& w, ChangeMeta change, PersistedLive* live) {
  ApplyLive(w, change, &live->files, &live->expr, &live->index_gen, &live->truncated_entry_id,
            &live->flushed_entry_id, &live->flushed_sequence);
  // RegionManifestBuilder::apply_edit: the manifest's committed sequence rises to every Edit's
  // (a promotion's staged edits included), also for a delta that overwrote a remote compactor's
  // (erratum 23): the live dir holds the overwriting delta.
  if (w.committed_sequence)
    live->committed_sequence = std::max(live->committed_sequence, *w.committed_sequence);
  for (const Action& a : w.actions) {
    if (a.committed_sequence)
      live->committed_sequence = std::max(live->committed_sequence, *a.committed_sequence);
  }
}

void ApplyLive(const WriteSpec& w, ChangeMeta change, std::vector<FileMeta>* files,
               PartitionExpr* expr, uint8_t* index_gen, std::optional<uint64_t>* truncated_entry_id,
               uint64_t* flushed_entry_id, uint64_t* flushed_sequence) {
  for (const Action& a : w.actions) {
    switch (a.kind) {
      case ActionKind::kEdit:
        RemoveIds(files, a.remove);
        for (FileId id : a.add) {
          if (const FileMeta* meta = FindFile(w.new_files, id)) Upsert(files, *meta);
        }
        break;
      case ActionKind::kChange:
        // A Change carries the whole (altered) version metadata, partition expr included.
        *expr = change.expr;
        *index_gen = change.index_gen;
        break;
      case ActionKind::kPartitionExprChange:
        *expr = a.expr;
        break;
      case ActionKind::kTruncateAll:
        files->clear();
        *truncated_entry_id = w.truncate_mark;
        if (w.truncate_mark) *flushed_entry_id = std::max(*flushed_entry_id, *w.truncate_mark);
        *flushed_sequence = std::max(*flushed_sequence, w.truncate_sequence);
        break;
      case ActionKind::kTruncatePartial:
        RemoveIds(files, a.remove);
        break;
    }
  }
  if (w.flushed_entry_id) *flushed_entry_id = std::max(*flushed_entry_id, *w.flushed_entry_id);
  if (w.flushed_sequence) *flushed_sequence = std::max(*flushed_sequence, *w.flushed_sequence);
}

void Upsert(std::vector<FileMeta>* files, const FileMeta& f) {
  auto it = std::lower_bound(files->begin(), files->end(), f.id,
                             [](const FileMeta& m, FileId id) { return m.id < id; });
  if (it != files->end() && it->id == f.id) {
    *it = f;
  } else {
    files->insert(it, f);
  }
}

void RemoveIds(std::vector<FileMeta>* files, const std::vector<FileId>& ids) {
  std::erase_if(*files, [&ids](const FileMeta& f) {
    return std::find(ids.begin(), ids.end(), f.id) != ids.end();
  });
}

const FileMeta* FindFile(const std::vector<FileMeta>& files, FileId id) {
  for (const FileMeta& f : files) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

std::vector<FileId> IdsOf(const std::vector<FileMeta>& files) {
  std::vector<FileId> ids;
  ids.reserve(files.size());
  for (const FileMeta& f : files) ids.push_back(f.id);
  return ids;
}

}  // namespace hookcheck::model::step_internal
