// File: model/internal/machine.h
// Defines `Machine`, the working state of one `Step`: a copy of the region state, the armed
// fault, the expectation being built, and the shared mechanics of docs/contract.md §1 (manifest
// writes, flushes, local compactions, index builds, follow-on work) plus one handler per op (§2).
// The handlers are defined by concept across step.cc and model/internal/*.cc.
// Thread-safety: externally synchronized (one Step owns one Machine; it is never shared).
#ifndef HOOKCHECK_MODEL_INTERNAL_MACHINE_H_
#define HOOKCHECK_MODEL_INTERNAL_MACHINE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/config.h"
#include "model/expectation.h"
#include "model/op.h"
#include "model/region_state.h"
#include "model/step.h"

namespace hookcheck::model::step_internal {

enum class Dir : uint8_t { kLive, kStaging };

// The commit predicate of a manifest write (hook-paths.md §1.4).
enum class Predicate : uint8_t {
  kWritable,         // update_manifest(expect=W): W or Dg
  kStaging,          // update_manifest(expect=S): S or Dg
  kDowngrading,      // update_manifest(expect=Dg): exactly Dg
  kEditing,          // E or Dg
  kAltering,         // A or Dg
  kTruncating,       // T or Dg
  kEnteringStaging,  // ES or Dg
  kCompaction,       // W, E or Dg
  kAnyLeader,        // TTL pre-step: built from the current leader state, so any but F
  kUnchecked,        // update_locked callers (staging exit, backfill) check on their own
};

// One manifest write request.
struct WriteSpec {
  Dir dir = Dir::kLive;
  Predicate predicate = Predicate::kWritable;
  std::vector<Action> actions;
  std::vector<FileMeta> new_files;           // the metas of every file an Edit adds (or re-adds)
  std::optional<uint64_t> flushed_entry_id;  // set on a flush's Edit
  std::optional<uint64_t> flushed_sequence;  // likewise: the memtable's last sequence
  // A region edit's committed_sequence (the version's committed sequence + 1 when the worker
  // takes the edit); applied, it raises the version's committed sequence (apply_edit).
  std::optional<uint64_t> committed_sequence;
  std::optional<uint64_t> truncate_mark;  // set on TruncateAll
  uint64_t truncate_sequence = 0;         // TruncateAll's truncated sequence
  bool truncation_check = true;           // false for update_locked callers
  // A Change's metadata index generation; none: the in-memory metadata's (unchanged indexes).
  std::optional<uint8_t> change_index_gen;
};

struct WriteOutcome {
  ErrorCode code = ErrorCode::kOk;
  Version version = 0;  // the version consumed, 0 when none was
};

// The metadata a Change carries: the whole in-memory version metadata (after the alter).
struct ChangeMeta {
  PartitionExpr expr = 0;
  uint8_t index_gen = 0;
};

// A write made under one manifest guard whose MU is fired later, maybe merged (§4.3).
struct PendingMu {
  WriteOutcome outcome;
  std::vector<Action> actions;
};

// Why a flush runs; it picks the commit's expected state (§2 Flush row).
enum class FlushReason : uint8_t { kManual, kDowngrading, kDdl, kClosing };

class Machine {
 public:
  // Works in place on `*out`: its state becomes a copy of `state` (reusing the vectors' storage)
  // and its expectation starts empty. `*out` must outlive the machine.
  Machine(const RegionState& state, const Fault& fault, const ModelConfig& config, StepResult* out);

  // Runs `op`; the result is in the `*out` given to the constructor.
  void Run(const Op& op);

  // Op handlers (§2). Each returns the op's result; calls are appended to `expect_`.
  ErrorCode Do(const Put& op);
  ErrorCode Do(const Flush& op);
  ErrorCode Do(const CompactLocal& op);
  ErrorCode Do(const CompactRemote& op);
  ErrorCode Do(const EditRegion& op);
  ErrorCode Do(const CopyRegion& op);
  ErrorCode Do(const EnterStaging& op);
  ErrorCode Do(const Remap& op);
  ErrorCode Do(const ApplyStaging& op);
  ErrorCode Do(const Alter& op);
  ErrorCode Do(const Truncate& op);
  ErrorCode Do(const BuildIndex& op);
  ErrorCode Do(const Drop& op);
  ErrorCode Do(const Close& op);
  ErrorCode Do(const Open& op);
  ErrorCode Do(const Create& op);
  ErrorCode Do(const FollowerSync& op);
  ErrorCode Do(const Catchup& op);
  ErrorCode Do(const Gc& op);
  ErrorCode Do(const Checkpoint& op);
  ErrorCode Do(const SetRole& op);
  ErrorCode Do(const SetRoleGracefully& op);
  ErrorCode Do(const OfflineCleanup& op);
  ErrorCode Do(const DiscardUnflushed& op);

 private:
  bool IsOpen() const { return s_.presence == Presence::kOpen; }
  // The WAL store's latest entry id (raft-engine: last_index().unwrap_or(0)). Every obsolete
  // (a flush, staged or not; a truncation; an open's replay; a catch-up) compacts the WAL up to
  // an id at or above every entry no row still needs, so the WAL holds entries iff rows are
  // pending in it (wal_unreplayed, then the memtable), and then it ends at last_entry_id.
  uint64_t WalLatestEntryId() const {
    const bool holds = !s_.wal_unreplayed.empty() || (!config_.skip_wal && !s_.memtable.empty());
    return holds ? s_.last_entry_id : 0;
  }
  bool RoleIn(std::initializer_list<RoleState> roles) const;

  // §1.2: one manifest write. With `fire` false the MU is not appended (the caller merges it).
  WriteOutcome Write(const WriteSpec& w, std::string_view why, uint8_t group = 0, bool fire = true);
  bool PredicatePasses(Predicate p) const;
  // The next call slot, every field reset, with `callback` and `why` set.
  ExpectedCall& NewCall(Callback callback, std::string_view why);
  // Append one call. `why` must be a string literal (ExpectedCall::why keeps a view of it).
  void AddMu(const std::vector<Action>& actions, Version v, std::string_view why, uint8_t group = 0,
             bool on_compactor = false);
  // SFW of `files` (each reported with `level`, rows and time range; sorted by id).
  void AddSfw(const std::vector<FileMeta>& files, uint8_t level, std::string_view why,
              bool on_compactor = false);
  // A lifecycle callback (V2+: OPENED, CLOSED, DROPPED, FILES_REMOVED); no payload.
  void AddLifecycle(Callback callback, std::string_view why);
  // on_region_gc (V4+) with RegionGcInfo's removed_files (ascending), is_region_dropped and
  // full_file_listing.
  void AddGc(const std::vector<FileId>& removed, bool region_dropped, bool full_listing,
             std::string_view why);
  // The next call slot: expect_.calls[calls_] when a previous step left one there (its vectors'
  // storage is reused), else a new one. Run() trims the calls to the ones fired.
  ExpectedCall& NextCall();
  // Takes the armed fault iff it is of `kind` (one-shot).
  bool TakeFault(FaultKind kind);
  // The sync point Sst:AfterWriteBeforeCommit: runs an armed role_change fault.
  void SyncPoint();
  FileId AllocateFileId() { return s_.next_file_id++; }
  // Replaces the region's state with `fresh` (Drop, Create after Drop). What the engine holds
  // rather than the region, the PartitionExprFetcher's answer, carries over.
  void StartOver(RegionState fresh) {
    fresh.fetcher_answers = s_.fetcher_answers;
    s_ = std::move(fresh);
  }
  const std::vector<FileMeta>& VersionFiles() const {
    return s_.version_files ? *s_.version_files : s_.live_files;
  }
  // Stale: no index, or one built for index options older than the metadata's (a file the remote
  // compactor indexed for newer, persisted-only options has every index the metadata asks for).
  // Generations count mod 256, so "older" is a negative signed distance.
  bool IndexStale(const FileMeta& f) const {
    return f.needs_index ||
           static_cast<int8_t>(static_cast<uint8_t>(f.index_gen - s_.index_gen)) < 0;
  }
  ChangeMeta ChangeOf(const WriteSpec& w) const {
    return {s_.version_expr, w.change_index_gen.value_or(s_.index_gen)};
  }

  // §1.3/§2 Flush: flushes the memtable. On a live commit `*committed` receives the file.
  ErrorCode RunFlush(FlushReason reason, std::vector<FileId>* committed);
  // §1.5/§2 CompactLocal from the picker on. On commit `*outputs` receives the surviving outputs.
  // `*picked` tells whether the picker picked anything.
  ErrorCode RunLocalCompaction(const CompactLocal& c, std::vector<FileId>* outputs, bool* picked);
  // The picker (§1.5) over the version's files, local and remote alike.
  struct Pick {
    std::vector<FileId> expired;
    std::vector<FileMeta> inputs;  // ascending id; none unless at least 2
    bool empty() const { return expired.empty() && inputs.empty(); }
  };
  Pick PickCompaction(uint8_t expire_before) const;
  // Output i of `inputs`: inputs 2i and 2i+1 merged into a file with a new id, level 1, its index
  // built inline (Sync) for `index_gen`; an inline build over no rows is an empty, stale index.
  FileMeta MergeOutput(const std::vector<FileMeta>& inputs, size_t i, uint8_t index_gen);
  // §2 BuildIndex: one live write per live file of `ids` that needs an index and has rows.
  // Returns what a manual BuildIndex answers (erratum 20).
  ErrorCode RunIndexBuilds(const std::vector<FileId>& ids);
  // §1.4: follow-on work after a Flush op's flush (`index_files`: its live file) or an edit
  // batch (none: an edit never triggers an index build, erratum 14).
  void RunFollowOn(const std::vector<FileId>& index_files);
  // A finished compaction (manual or automatic): its outputs' async index builds, then the
  // rescheduled picker (erratum 19).
  void AfterCompaction(const std::vector<FileId>& outputs);
  // Automatic compactions until the picker picks nothing (auto_compact_threshold > 0 only).
  void RunAutoCompactions();

  // Erratum 23: the datanode consumed version `v`. A saved live write `w` at a pending remote
  // delta's version overwrites it (returns true: the live dir is refolded); otherwise a pending
  // delta at `v` stays in the live dir for good.
  bool OverwriteRemoteDelta(Version v, const WriteSpec& w);
  void KeepRemoteDelta(Version v);
  // FollowerSync: installs the remote deltas above the counter.
  void InstallRemoteTail();

  // The in-memory live manifest becomes what the live dir holds (Close, Open).
  void ReloadLiveManifest();
  // A new region instance from the live dir: Open, Create on a closed region, Catchup's reopen
  // (`replay_wal` false: skip_wal_replay). The fetcher answers expr 1 when asked.
  // kReplay: Open and Create (replay_memtable); kSkip: the catch-up reopen (skip_wal_replay).
  enum class WalReplay : uint8_t { kReplay, kSkip };
  void OpenFromLiveDir(WalReplay wal);

  // Staging helpers (model/internal/staging.cc).
  // Lock-free SetRole(`role`) (§2 SetRole row), shared with the role_change fault.
  void SetRoleLockFree(RoleState role);
  // Forgets the staging partition info (directive, expr, write rejection); the staging dir stays.
  void DiscardStagingInfo();
  // clear_staging_manifest_and_dir: staging dir, staged files and remap blob gone.
  void ClearStagingDir();
  // §4.2 exit_staging_on_success, without firing. nullopt: nothing staged (→ W, no write).
  // Otherwise the promotion write (failed validation: kUnexpected, no version consumed).
  std::optional<PendingMu> ExitStaging();
  // §4.3 backfill, without firing. nullopt: not needed.
  std::optional<PendingMu> Backfill();

  RegionState& s_;
  Fault fault_;
  const ModelConfig& config_;
  Expectation& expect_;
  size_t calls_ = 0;  // calls fired so far; expect_.calls[calls_..] are left over, not yet trimmed
  uint8_t next_group_ = 1;
};

// Whether `a` carries any payload field of issue 8 item 6, and `a` without them.
bool HasPayload(const Action& a);
Action WithoutPayload(Action a);

void ApplyLive(const WriteSpec& w, ChangeMeta change, PersistedLive* live);
// The truncation applicability check (§1.4 step 4) of `w` against one view of the live manifest.
bool TruncationCheckPasses(const WriteSpec& w, const std::optional<uint64_t>& truncated_entry_id,
                           uint64_t flushed_sequence, const std::vector<FileMeta>& files);
void ApplyRemoteDelta(const RemoteDelta& d, PersistedLive* live);
void ApplyRemoteDelta(const RemoteDelta& d, RegionState* in_memory);

// Applies a persisted live delta `w` to one view of the live manifest.
void ApplyLive(const WriteSpec& w, ChangeMeta change, std::vector<FileMeta>* files,
               PartitionExpr* expr, uint8_t* index_gen, std::optional<uint64_t>* truncated_entry_id,
               uint64_t* flushed_entry_id, uint64_t* flushed_sequence);

// Inserts or replaces `f` in `files`, keeping them ascending by id.
void Upsert(std::vector<FileMeta>* files, const FileMeta& f);
void RemoveIds(std::vector<FileMeta>* files, const std::vector<FileId>& ids);
const FileMeta* FindFile(const std::vector<FileMeta>& files, FileId id);
std::vector<FileId> IdsOf(const std::vector<FileMeta>& files);

}  // namespace hookcheck::model::step_internal

#endif  // HOOKCHECK_MODEL_INTERNAL_MACHINE_H_
