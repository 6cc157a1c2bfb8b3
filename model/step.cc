// File: model/step.cc
// `Step` and the data-path ops of docs/contract.md §2: Put, Flush, the compactions, edits, copy,
// alter, truncate, index builds and the region lifecycle. Role and staging ops are in
// model/internal/staging.cc; the shared mechanics in model/internal/{manifest_write,flush,
// compaction}.cc.
//
// Decisions the contract leaves open, made here (each also commented at its site; the upstream
// reasons are in docs/upstream-notes/model-decisions.md):
// - Close canonicalizes a closed region: the in-memory live manifest becomes the persisted one,
//   staging state and the remap blob are gone (Open says "staging state gone"), role F, counter at
//   the live dir's max. A closed region is unobservable beyond its presence, so nothing is lost.
// - Drop leaves a default state with presence dropped (Create rebuilds everything).
// - Open without skip_wal replays the WAL rows (those a FollowerSync dropped, then the kept
//   memtable) after the persisted flushed id or truncation mark; with nothing replayed the last
//   entry id restarts from there. With skip_wal the memtable is gone and the entry id restarts.
// - Create on a closed region and Catchup's reopen ask the partition-expr fetcher again; it gives
//   the answer the last Open's fetch flag described (RegionState::fetcher_answers).
// - EditRegion on a closed region computes `remove` against the persisted live files, on a dropped
//   one against none; an invalid first edit refuses the whole op, queued edits included. Queued
//   files have `rows` rows like the edit's own. Edit and Copy read the manager's live manifest;
//   pickers, index builds and partial truncates read the version's files.
// - Follow-on work runs only after a successful triggering write; its failures never change the
//   op's result. Follow-on index builds run only while the role is W (should_abort_index).
//   Flushes inside Alter, EnterStaging and Close get no follow-on work.
// - Alter/EnterStaging re-check W after their pre-flush (a role_change fault may have moved the
//   region): RegionState.
// - A Change (alter, backfill) sets the live partition expr to the version's, as the full version
//   metadata it carries does upstream; a SetIndexes Change also bumps the index generation.
// - Index builds run in ascending file id, `index_build_slots` at a time.
// - Index-build MUs: each consecutive run of them in one op gets its own group (1, then 2, ...).
#include "model/step.h"

#include <algorithm>

#include "model/internal/machine.h"
#include "model/internal/step_into.h"

namespace hookcheck::model {

StepResult Step(const RegionState& state, const Command& command, const ModelConfig& config) {
  StepResult result;
  step_internal::StepInto(state, command, config, &result);
  return result;
}

namespace step_internal {

void StepInto(const RegionState& state, const Command& command, const ModelConfig& config,
              StepResult* out) {
  Machine machine(state, command.fault, config, out);
  machine.Run(command.op);
}

ErrorCode Machine::Do(const Put& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  const bool accepts =
      s_.role == RoleState::kWritable || (s_.role == RoleState::kStaging && !s_.reject_writes);
  if (!accepts) return ErrorCode::kRegionState;
  s_.memtable.push_back(op.ts);
  ++s_.committed_sequence;
  // A skip_wal region writes no WAL entry, so its entry id stays (region_write_ctx: add_wal_entry).
  if (!config_.skip_wal) ++s_.last_entry_id;
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const Flush&) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (!RoleIn({RoleState::kWritable, RoleState::kStaging, RoleState::kDowngrading})) {
    return ErrorCode::kRegionState;
  }
  if (s_.memtable.empty()) return ErrorCode::kOk;
  const FlushReason reason =
      s_.role == RoleState::kDowngrading ? FlushReason::kDowngrading : FlushReason::kManual;
  std::vector<FileId> committed;
  const ErrorCode code = RunFlush(reason, &committed);
  if (code != ErrorCode::kOk) return code;
  // handle_flush_finished checks the region's state as it is now (erratum 22); a staging flush's
  // file is not in the version, so it gets no index build.
  RunFollowOn(committed);
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const CompactLocal& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role == RoleState::kStaging) return ErrorCode::kOk;  // accepted, answered Ok, skipped
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  bool picked = false;
  std::vector<FileId> outputs;
  const ErrorCode code = RunLocalCompaction(op, &outputs, &picked);
  if (code == ErrorCode::kOk && picked) AfterCompaction(outputs);
  return code;
}

ErrorCode Machine::Do(const EditRegion& op) {
  // The request is validated before it reaches a region (is_valid_region_edit).
  std::vector<FileId> removed;
  if (s_.presence != Presence::kDropped) {
    for (size_t i = 0; i < s_.live_files.size() && i < op.remove; ++i) {
      removed.push_back(s_.live_files[i].id);
    }
  }
  if (op.add == 0 && removed.empty()) return ErrorCode::kInvalidRequest;
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (!RoleIn({RoleState::kWritable, RoleState::kStaging})) return ErrorCode::kRegionBusy;
  const RoleState started = s_.role;
  const Dir dir = started == RoleState::kStaging ? Dir::kStaging : Dir::kLive;
  auto new_file = [&]() {
    FileMeta f;
    f.id = AllocateFileId();
    f.rows = op.rows;
    return f;
  };
  // Ids are allocated when the worker accepts the edits: the edit's own files, then the queued.
  std::vector<FileMeta> own, queued;
  for (int i = 0; i < op.add; ++i) own.push_back(new_file());
  for (int i = 0; i < op.queued; ++i) queued.push_back(new_file());

  std::vector<FileId> added;  // live files committed: they make the edit schedule a compaction
  ErrorCode result = ErrorCode::kOk;
  auto commit = [&](const std::vector<FileMeta>& files, const std::vector<FileId>& remove,
                    std::string_view why) {
    s_.role = RoleState::kEditing;
    WriteSpec w;
    w.dir = dir;
    w.predicate = Predicate::kEditing;
    // handle_region_edit stamps committed_sequence = the version's committed sequence + 1 when
    // it takes the edit (the merged queued edits share one); a staging edit is never applied to
    // the version, so it does not raise it.
    w.committed_sequence = s_.committed_sequence + 1;
    w.actions = {Action{.kind = ActionKind::kEdit,
                        .add = IdsOf(files),
                        .remove = remove,
                        .committed_sequence = w.committed_sequence}};
    w.new_files = files;
    const WriteOutcome out = Write(w, why);
    s_.role = started;
    if (out.code != ErrorCode::kOk) {
      if (result == ErrorCode::kOk) result = out.code;
    } else if (dir == Dir::kLive) {
      for (const FileMeta& f : files) added.push_back(f.id);
    }
  };
  commit(own, removed, "edit");
  // Consecutive raw edits queued meanwhile are merged into one edit, so one MU covers them.
  if (!queued.empty()) commit(queued, {}, "queued edits");
  if (started == RoleState::kWritable && !added.empty()) RunFollowOn({});
  return result;
}

ErrorCode Machine::Do(const CopyRegion& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  std::vector<FileMeta> copied;
  for (FileId id = 1001; id <= 1000u + op.source_files; ++id) {
    if (FindFile(s_.live_files, id) != nullptr) continue;
    FileMeta f;
    f.id = id;
    f.rows = 1;
    copied.push_back(f);
  }
  if (copied.empty()) return ErrorCode::kOk;
  WriteSpec w;
  w.predicate = Predicate::kWritable;
  w.actions = {Action{.kind = ActionKind::kEdit, .add = IdsOf(copied)}};
  w.new_files = copied;
  return Write(w, "copy").code;
}

ErrorCode Machine::Do(const Alter& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  if (op.kind == AlterKind::kOptionsOnly || op.kind == AlterKind::kNoop) return ErrorCode::kOk;
  if (!s_.memtable.empty()) {
    const ErrorCode flushed = RunFlush(FlushReason::kDdl, nullptr);
    if (flushed != ErrorCode::kOk) return flushed;
    if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  }
  s_.role = RoleState::kAltering;
  WriteSpec w;
  w.predicate = Predicate::kAltering;
  w.actions = {Action{.kind = ActionKind::kChange}};
  // New index options: every file built for the old ones becomes stale, in memory once applied
  // and in the live dir once saved (whoever replays the Change sees it), in either index mode.
  if (op.kind == AlterKind::kSetIndexes)
    w.change_index_gen = static_cast<uint8_t>(s_.index_gen + 1);
  const WriteOutcome out = Write(w, "alter");
  s_.role = RoleState::kWritable;
  // Only async mode rebuilds after an index change (handle_manifest_region_change_result), and
  // it does so whatever the write's result: after a failure only files already stale qualify.
  if (op.kind == AlterKind::kSetIndexes && config_.index_mode == IndexMode::kAsync) {
    (void)RunIndexBuilds(IdsOf(VersionFiles()));  // a follow-on answers no one
  }
  return out.code;
}

ErrorCode Machine::Do(const Truncate& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  WriteSpec w;
  w.predicate = Predicate::kTruncating;
  if (op.all) {
    // handle_truncate: RegionTruncate::truncated_entry_id = the version's last entry id.
    w.actions = {Action{.kind = ActionKind::kTruncateAll, .truncated_entry_id = s_.last_entry_id}};
    w.truncate_mark = s_.last_entry_id;
    w.truncate_sequence = s_.committed_sequence;
  } else {
    std::vector<FileId> hit;
    for (const FileMeta& f : VersionFiles()) {
      if (op.lo <= f.min_ts && f.max_ts <= op.hi) hit.push_back(f.id);
    }
    if (hit.empty()) return ErrorCode::kOk;
    w.actions = {Action{.kind = ActionKind::kTruncatePartial, .remove = hit}};
  }
  s_.role = RoleState::kTruncating;
  const WriteOutcome out = Write(w, "truncate");
  s_.role = RoleState::kWritable;
  if (out.code == ErrorCode::kOk && op.all) {
    s_.memtable.clear();
    s_.wal_unreplayed.clear();  // the WAL is obsoleted up to the mark
  }
  return out.code;
}

ErrorCode Machine::Do(const BuildIndex&) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role == RoleState::kStaging) return ErrorCode::kOk;  // should_abort_index
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  // Only files whose index is inconsistent with the metadata (is_index_consistent_with_region).
  return RunIndexBuilds(IdsOf(VersionFiles()));
}

ErrorCode Machine::Do(const Drop&) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (!RoleIn({RoleState::kWritable, RoleState::kStaging})) return ErrorCode::kRegionState;
  RegionState dropped;
  dropped.presence = Presence::kDropped;
  StartOver(std::move(dropped));
  if (FiresLifecycleCallbacks(config_.contract)) {
    // handle_drop: on_region_dropped on WL after the WAL obsolete and mark_dropped; then the
    // drop task deletes the dir (global GC off) and fires on_region_files_removed.
    AddLifecycle(Callback::kRegionDropped, "drop");
    AddLifecycle(Callback::kRegionFilesRemoved, "drop task");
  }
  return ErrorCode::kOk;
}

void Machine::ReloadLiveManifest() {
  s_.live_files = s_.persisted.files;
  s_.version_files.reset();
  s_.live_expr = s_.persisted.expr;
  s_.truncated_entry_id = s_.persisted.truncated_entry_id;
  s_.flushed_entry_id = s_.persisted.flushed_entry_id;
  s_.flushed_sequence = s_.persisted.flushed_sequence;
  s_.index_gen = s_.persisted.index_gen;
}

ErrorCode Machine::Do(const Close&) {
  if (!IsOpen()) return ErrorCode::kOk;
  if (config_.skip_wal && !s_.memtable.empty() &&
      RoleIn({RoleState::kWritable, RoleState::kStaging, RoleState::kDowngrading})) {
    const ErrorCode flushed = RunFlush(FlushReason::kClosing, nullptr);
    if (flushed != ErrorCode::kOk) return flushed;  // the region stays open
  }
  if (config_.skip_wal) s_.memtable.clear();  // without a WAL, unflushed rows are gone
  // What survives a close is the object store (and the WAL): canonicalize the rest.
  s_.presence = Presence::kClosed;
  s_.role = RoleState::kFollower;
  ReloadLiveManifest();
  s_.version_expr = 0;
  s_.last_version = s_.persisted.version;
  s_.remote_tail.clear();
  s_.remote_base = PersistedLive{};
  // The staging deltas stay in the staging dir (the observation shows them) until the next clear;
  // nothing can promote them, since reaching Staging again clears the dir first.
  s_.remap_blob.reset();
  DiscardStagingInfo();
  // handle_close: on_region_closed inside remove_region, after the close flush's SFW and MU.
  if (FiresLifecycleCallbacks(config_.contract)) AddLifecycle(Callback::kRegionClosed, "close");
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const Open& op) {
  if (s_.presence == Presence::kOpen) return ErrorCode::kOk;
  if (s_.presence == Presence::kDropped) return ErrorCode::kRegionNotFound;
  s_.fetcher_answers = op.fetch_partition_expr;
  OpenFromLiveDir(WalReplay::kReplay);
  // handle_open: on_region_opened in the open task, before insert_region (no MU can precede it).
  if (FiresLifecycleCallbacks(config_.contract)) AddLifecycle(Callback::kRegionOpened, "open");
  return ErrorCode::kOk;
}

void Machine::OpenFromLiveDir(WalReplay wal) {
  expect_.new_instance = true;
  s_.presence = Presence::kOpen;
  s_.role = RoleState::kFollower;  // RegionOpener::open: always Follower
  ReloadLiveManifest();
  s_.last_version = s_.persisted.version;  // staging versions and failed saves are forgotten
  s_.remote_tail.clear();  // at or below the counter now: part of the live dir for good
  s_.remote_base = PersistedLive{};
  s_.remap_blob.reset();
  DiscardStagingInfo();
  // replay_memtable starts after the manifest's flushed entry id (a truncation moves it too).
  const uint64_t replay_after =
      std::max(s_.persisted.flushed_entry_id, s_.persisted.truncated_entry_id.value_or(0));
  if (wal == WalReplay::kSkip) {
    // Catch-up's reopen (skip_wal_replay): the memtable is lost and VersionControl::new starts
    // at the flushed id; local_wal_catchup then raises it to the WAL's latest (Do(Catchup)).
    s_.memtable.clear();
    s_.last_entry_id = replay_after;
  } else if (config_.skip_wal) {
    s_.memtable.clear();
    s_.last_entry_id = replay_after;
  } else {
    // The WAL replays its entries after the persisted flushed id / truncation mark: the rows a
    // FollowerSync dropped from the memtable, then the memtable's. Together they are the entries
    // up to last_entry_id, so row i holds entry last_entry_id - size + 1 + i.
    s_.memtable.insert(s_.memtable.begin(), s_.wal_unreplayed.begin(), s_.wal_unreplayed.end());
    const uint64_t first = s_.last_entry_id - s_.memtable.size() + 1;
    if (replay_after >= first) {
      const uint64_t drop = std::min<uint64_t>(replay_after - first + 1, s_.memtable.size());
      s_.memtable.erase(s_.memtable.begin(), s_.memtable.begin() + static_cast<long>(drop));
    }
    // VersionControl::new starts at the flushed id; replay_memtable raises it to the last entry
    // replayed (bug b: the rows the persisted flush covers are not replayed).
    if (s_.memtable.empty()) s_.last_entry_id = replay_after;
  }
  s_.wal_unreplayed.clear();
  // VersionControl::new starts at the manifest's flushed sequence; replayed rows keep theirs.
  if (s_.memtable.empty()) s_.committed_sequence = s_.persisted.flushed_sequence;
  // replay: the committed sequence is raised to the manifest's (a region edit's) when lower.
  s_.committed_sequence = std::max(s_.committed_sequence, s_.persisted.committed_sequence);
  s_.version_expr = s_.live_expr != 0 ? s_.live_expr : (s_.fetcher_answers ? 1 : 0);
}

ErrorCode Machine::Do(const Create&) {
  if (s_.presence == Presence::kOpen) return ErrorCode::kOk;  // check_recovered_region passes
  if (s_.presence == Presence::kClosed) {
    // create_or_open: the opener finds the manifest and opens it like Open (WAL replay, the
    // fetcher asked), then set_role(Leader): Writable, no backfill, no hook (erratum 15).
    OpenFromLiveDir(WalReplay::kReplay);
    s_.role = RoleState::kWritable;
  } else {
    StartOver(InitialState());
    expect_.new_instance = true;
  }
  // handle_create: on_region_opened on WL before insert_region, for a fresh region and for
  // create_or_open of a closed one alike (not for an open one: that returned above).
  if (FiresLifecycleCallbacks(config_.contract)) AddLifecycle(Callback::kRegionOpened, "create");
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const FollowerSync&) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role != RoleState::kFollower) return ErrorCode::kRegionState;
  // install_manifest_to(live dir max) reads only deltas above the manager's counter: a delta
  // whose rebuild failed sits at or below it and is never installed (bugs a, c).
  InstallRemoteTail();
  s_.version_files.reset();
  // handle_region_sync rebuilds the version from the manifest's metadata (erratum 18), with a
  // new empty mutable memtable: a fetcher-only expr and any memtable rows are dropped.
  s_.version_expr = s_.live_expr;
  // The WAL still holds the dropped rows: a later Open replays them.
  if (!config_.skip_wal) {
    s_.wal_unreplayed.insert(s_.wal_unreplayed.end(), s_.memtable.begin(), s_.memtable.end());
  }
  s_.memtable.clear();
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const Gc& op) {
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (!FiresGcCallback(config_.contract)) return ErrorCode::kOk;
  // do_region_gc deletes removed files past lingering_time (1 h) and, listing fully, unknown
  // files past unknown_file_lingering_time (24 h): no file of a check is that old, so a pass
  // deletes nothing and on_region_gc fires iff it listed fully (docs/contract.md §7.1).
  if (!op.full_listing) return ErrorCode::kOk;
  AddGc({}, /*region_dropped=*/false, /*full_listing=*/true, "gc");
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const Checkpoint&) {
  return IsOpen() ? ErrorCode::kOk : ErrorCode::kRegionNotFound;
}

ErrorCode Machine::Do(const OfflineCleanup&) {
  if (!HasHeadPaths(config_.contract)) return ErrorCode::kUnsupported;
  // handle_offline_cleanup_request: refused while the region object exists (any role).
  if (IsOpen()) return ErrorCode::kRegionBusy;
  // The WAL is obsoleted and the dir removed, whether or not anything was left (a no-op purge of
  // a dropped region too); then on_region_gc inline, with no metadata. Nothing is left to open.
  RegionState purged;
  purged.presence = Presence::kDropped;
  StartOver(std::move(purged));
  AddGc({}, /*region_dropped=*/true, /*full_listing=*/true, "offline cleanup");
  return ErrorCode::kOk;
}

ErrorCode Machine::Do(const DiscardUnflushed&) {
  if (!HasHeadPaths(config_.contract)) return ErrorCode::kUnsupported;
  // A truncate request (RegionTruncateRequest::Unflushed): writable_non_staging_region.
  if (!IsOpen()) return ErrorCode::kRegionNotFound;
  if (s_.role != RoleState::kWritable) return ErrorCode::kRegionState;
  // Nothing to discard: the WAL is obsoleted up to the flushed id, no write.
  if (s_.memtable.empty() && s_.flushed_entry_id == s_.last_entry_id &&
      s_.flushed_sequence == s_.committed_sequence) {
    return ErrorCode::kOk;
  }
  // handle_manifest_discard_unflushed_action: under Truncating, a live Edit that only moves the
  // replay frontier to the last entry and sequence.
  WriteSpec w;
  w.predicate = Predicate::kTruncating;
  w.flushed_entry_id = s_.last_entry_id;
  w.flushed_sequence = s_.committed_sequence;
  w.actions = {Action{.kind = ActionKind::kEdit,
                      .flushed_entry_id = w.flushed_entry_id,
                      .flushed_sequence = w.flushed_sequence}};
  s_.role = RoleState::kTruncating;
  const WriteOutcome out = Write(w, "discard unflushed");
  s_.role = RoleState::kWritable;
  // handle_discard_unflushed_result: only a successful write drops the memtable (discard_unflushed)
  // and obsoletes the WAL up to the discarded entry; on failure both stay.
  if (out.code == ErrorCode::kOk) {
    s_.memtable.clear();
    s_.wal_unreplayed.clear();
  }
  return out.code;
}

}  // namespace step_internal
}  // namespace hookcheck::model
