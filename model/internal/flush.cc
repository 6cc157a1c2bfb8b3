// File: model/internal/flush.cc
// The flush of docs/contract.md §2 (Flush row), shared by Flush, Alter, EnterStaging and Close.
#include <algorithm>

#include "model/internal/machine.h"

namespace hookcheck::model::step_internal {

ErrorCode Machine::RunFlush(FlushReason reason, std::vector<FileId>* committed) {
  if (s_.memtable.empty()) return ErrorCode::kOk;  // schedule_flush: nothing to write, no hook
  // is_staging is captured when the task is created and never re-read (§7 quirk 2).
  const bool is_staging = s_.role == RoleState::kStaging;
  const FileId id = AllocateFileId();  // a failed SST write has consumed it too (§1.3)
  if (TakeFault(FaultKind::kSstWriteFails)) return ErrorCode::kStorage;  // memtable kept

  FileMeta meta;
  meta.id = id;
  meta.rows = static_cast<uint32_t>(s_.memtable.size());
  meta.min_ts = *std::min_element(s_.memtable.begin(), s_.memtable.end());
  meta.max_ts = *std::max_element(s_.memtable.begin(), s_.memtable.end());
  // Sync mode builds the index inline, for the metadata as it is now (erratum 13).
  meta.needs_index = config_.index_mode == IndexMode::kAsync;
  meta.index_gen = s_.index_gen;
  AddSfw({meta}, /*level=*/0, "flush");
  SyncPoint();
  // V5 (25090b9f54): mark_commit_started refuses a cancelled flush after its SFW. Nothing is
  // committed, the SST is deleted (no orphan) and the memtable stays. The site exists only at V5.
  if (HasHeadPaths(config_.contract) && TakeFault(FaultKind::kFlushCancelled)) {
    return ErrorCode::kCancelled;
  }

  WriteSpec w;
  w.dir = is_staging ? Dir::kStaging : Dir::kLive;
  // The expected state is read at commit time, after the sync point (§2.1 step 4).
  if (reason == FlushReason::kDowngrading) {
    w.predicate = Predicate::kDowngrading;
  } else if (s_.role == RoleState::kStaging) {
    w.predicate = Predicate::kStaging;
  } else {
    w.predicate = Predicate::kWritable;
  }
  w.flushed_entry_id = s_.last_entry_id;
  w.flushed_sequence = s_.committed_sequence;
  // flush.rs (RegionEdit in do_flush): flushed_entry_id and flushed_sequence set, committed none.
  w.actions = {Action{.kind = ActionKind::kEdit,
                      .add = {id},
                      .flushed_entry_id = w.flushed_entry_id,
                      .flushed_sequence = w.flushed_sequence}};
  w.new_files = {meta};
  const WriteOutcome out = Write(w, "flush");
  if (out.code != ErrorCode::kOk) return out.code;  // FlushFailed: the memtable stays
  // Success clears the memtable whichever dir was written: a staging flush's rows live on only
  // as a staged file (and, with a stale is_staging, not even in the next exit).
  s_.memtable.clear();
  // handle_flush_finished obsoletes the WAL up to the flushed entry id, staging flushes too.
  s_.wal_unreplayed.clear();
  if (w.dir == Dir::kLive && committed != nullptr) committed->push_back(id);
  return ErrorCode::kOk;
}

}  // namespace hookcheck::model::step_internal
