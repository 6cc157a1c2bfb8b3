// File: model/op.h
// Defines `Op`, every request a checked engine accepts (one struct per path of hook-paths.md),
// `Fault`, the one-shot fault an op may carry, and `Command`, an op with its fault.
// docs/contract.md gives each op's exact semantics; docs/sequence-format.md its text form.
// Thread-safety: immutable values.
#ifndef HOOKCHECK_MODEL_OP_H_
#define HOOKCHECK_MODEL_OP_H_

#include <cstdint>
#include <variant>

#include "model/types.h"

namespace hookcheck::model {

// Writes one row with timestamp bucket `ts` into the mutable memtable.
struct Put {
  uint8_t ts = 0;  // 0..15
  friend bool operator==(const Put&, const Put&) = default;
};

// Manual flush of the memtable.
struct Flush {
  friend bool operator==(const Flush&, const Flush&) = default;
};

// Manual local compaction with the deterministic picker of docs/contract.md.
struct CompactLocal {
  uint8_t expire_before = 0;   // TTL: files whose max ts < this are expired. 0: none.
  uint8_t failed_outputs = 0;  // bit i set: merge output i returns an error (skipped)
  bool crash = false;          // a merge sub-task crashes: no SFW, no merge MU
  bool budget_fails = false;   // the memory budget cannot be acquired: nothing runs
  friend bool operator==(const CompactLocal&, const CompactLocal&) = default;
};

// A compaction run on a compactor node opened from the region's manifest.
struct CompactRemote {
  bool plugins = true;  // the hook was passed in OpenCompactionRegionRequest::plugins
  uint8_t expire_before = 0;
  friend bool operator==(const CompactRemote&, const CompactRemote&) = default;
};

// RegionEdit / bulk ingestion: files written outside the engine.
struct EditRegion {
  uint8_t add = 1;     // new files to add
  uint8_t remove = 0;  // the `remove` lowest-id live files are removed
  uint8_t rows = 1;    // rows per added file; 0 makes their index output empty
  uint8_t queued = 0;  // further raw edits (one file each) submitted while this one runs
  friend bool operator==(const EditRegion&, const EditRegion&) = default;
};

// Copies files of the fixed source region (files 1001..1000+`source_files`) into this region.
struct CopyRegion {
  uint8_t source_files = 1;
  friend bool operator==(const CopyRegion&, const CopyRegion&) = default;
};

enum class StagingDirective : uint8_t { kUpdatePartitionExpr, kRejectAllWrites };

struct EnterStaging {
  StagingDirective directive = StagingDirective::kUpdatePartitionExpr;
  PartitionExpr expr = 1;  // 1..3; ignored for kRejectAllWrites
  friend bool operator==(const EnterStaging&, const EnterStaging&) = default;
};

// Writes the remapped manifest blob (with `files` new files) that ApplyStaging reads.
struct Remap {
  uint8_t files = 1;
  friend bool operator==(const Remap&, const Remap&) = default;
};

struct ApplyStaging {
  PartitionExpr expr = 1;
  friend bool operator==(const ApplyStaging&, const ApplyStaging&) = default;
};

enum class AlterKind : uint8_t {
  kAddColumn,    // schema change: Change
  kSetIndexes,   // schema change that changes indexes: Change (+ async index rebuild)
  kFormat,       // sst format change or append_mode on: Change
  kOptionsOnly,  // TTL/TWCS-only options: applied in memory, no write
  kNoop,         // need_alter says no: Ok, no write
};

struct Alter {
  AlterKind kind = AlterKind::kAddColumn;
  friend bool operator==(const Alter&, const Alter&) = default;
};

struct Truncate {
  bool all = true;
  uint8_t lo = 0, hi = 15;  // ByTimeRange [lo, hi] when !all
  friend bool operator==(const Truncate&, const Truncate&) = default;
};

struct BuildIndex {
  friend bool operator==(const BuildIndex&, const BuildIndex&) = default;
};

struct Drop {
  friend bool operator==(const Drop&, const Drop&) = default;
};

struct Close {
  friend bool operator==(const Close&, const Close&) = default;
};

// Opens a closed region; it comes up as Follower.
struct Open {
  bool fetch_partition_expr = true;  // the PartitionExprFetcher fills a missing expr in memory
  friend bool operator==(const Open&, const Open&) = default;
};

// Creates a fresh region (manifest version 0, Writable) where none exists (initial or dropped).
struct Create {
  friend bool operator==(const Create&, const Create&) = default;
};

struct FollowerSync {
  friend bool operator==(const FollowerSync&, const FollowerSync&) = default;
};

struct Catchup {
  bool set_writable = true;
  friend bool operator==(const Catchup&, const Catchup&) = default;
};

// A local GC pass (LocalGcWorker). `full_listing`: the pass lists the whole object store
// (RegionGcInfo::full_file_listing); on_region_gc (V4+) fires when it deleted files or listed fully.
struct Gc {
  bool full_listing = false;
  friend bool operator==(const Gc&, const Gc&) = default;
};

struct Checkpoint {
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Lock-free engine set_region_role. Only kFollower, kWritable and kDowngrading are targets.
struct SetRole {
  RoleState role = RoleState::kFollower;
  friend bool operator==(const SetRole&, const SetRole&) = default;
};

enum class GracefulTarget : uint8_t { kLeader, kStagingLeader, kFollower, kDowngradingLeader };

struct SetRoleGracefully {
  GracefulTarget target = GracefulTarget::kLeader;
  friend bool operator==(const SetRoleGracefully&, const SetRoleGracefully&) = default;
};

// V5 (52ba89bb10): the offline cleanup request of a soft-dropped region (PURGE), handled inline
// on the worker loop by `handle_offline_cleanup_request`. Below V5: `Unsupported`, nothing.
struct OfflineCleanup {
  friend bool operator==(const OfflineCleanup&, const OfflineCleanup&) = default;
};

// V5 (c59ec0154e): discard the region's unflushed data safely (the memtable, up to the WAL's end).
// Below V5: `Unsupported`, nothing.
struct DiscardUnflushed {
  friend bool operator==(const DiscardUnflushed&, const DiscardUnflushed&) = default;
};

using Op = std::variant<Put, Flush, CompactLocal, CompactRemote, EditRegion, CopyRegion,
                        EnterStaging, Remap, ApplyStaging, Alter, Truncate, BuildIndex, Drop, Close,
                        Open, Create, FollowerSync, Catchup, Gc, Checkpoint, SetRole,
                        SetRoleGracefully, OfflineCleanup, DiscardUnflushed>;
inline constexpr int kOpKindCount = static_cast<int>(std::variant_size_v<Op>);

// A one-shot fault. It strikes at the first matching site reached while the op (including its
// follow-on work) runs, and is disarmed when the op ends, used or not.
enum class FaultKind : uint8_t {
  kNone,
  kSaveFails,               // manifest save to the object store fails: version consumed, no MU
  kRebuildFails,            // save succeeds, in-memory rebuild fails: delta persisted, no MU
  kSstWriteFails,           // a flush SST write fails: no SFW, no MU, memtable kept
  kRoleChangeBeforeCommit,  // sync point Sst:AfterWriteBeforeCommit runs set_role(`role`)
  // V5 (25090b9f54): the flush is cancelled at `mark_commit_started`, after its SFW: no commit, no
  // MU, its SST deleted. Below V5 the site does not exist, so the fault never strikes.
  kFlushCancelled,
};
inline constexpr int kFaultKindCount = 6;

struct Fault {
  FaultKind kind = FaultKind::kNone;
  RoleState role = RoleState::kFollower;  // for kRoleChangeBeforeCommit
  friend bool operator==(const Fault&, const Fault&) = default;
};

struct Command {
  Op op;
  Fault fault;
  friend bool operator==(const Command&, const Command&) = default;
};

// "Put", "Flush", "CompactLocal", ... (the variant alternative's name).
std::string_view OpName(const Op& op);
std::string_view OpName(int index);  // by variant index
std::string_view Name(FaultKind f);
std::string_view Name(AlterKind k);
std::string_view Name(GracefulTarget t);
std::string_view Name(StagingDirective d);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_OP_H_
