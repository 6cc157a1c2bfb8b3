// File: model/types.h
// Defines the value vocabulary shared by the model, the engines and the checkers: file ids,
// manifest versions, role states, error codes, manifest actions and the two callbacks.
// Thread-safety: immutable values.
#ifndef HOOKCHECK_MODEL_TYPES_H_
#define HOOKCHECK_MODEL_TYPES_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookcheck::model {

using FileId = uint32_t;
using Version = uint64_t;
using RegionId = uint32_t;
// A partition expression is an opaque small integer here; 0 never names an expression.
using PartitionExpr = uint8_t;

// hook-paths.md §1.5. Follower plus the eight leader states.
enum class RoleState : uint8_t {
  kFollower,
  kWritable,
  kStaging,
  kEnteringStaging,
  kAltering,
  kDropping,
  kTruncating,
  kEditing,
  kDowngrading,
};
inline constexpr int kRoleStateCount = 9;

// Whether the region object exists on the engine at all.
enum class Presence : uint8_t { kOpen, kClosed, kDropped };

// What an op returns. The root cause is returned, not a wrapper (a flush whose manifest save fails
// returns kStorage, not "flush failed"). docs/contract.md lists which refusal returns which code.
enum class ErrorCode : uint8_t {
  kOk,
  kRegionNotFound,     // the region is closed or dropped
  kRegionExists,       // Create on a region that exists
  kRegionState,        // the role state does not allow the op (or a commit predicate failed)
  kRegionBusy,         // edit refused: the region is in a transient state other than Editing
  kInvalidRequest,     // malformed request: empty edit, ...
  kPartitionMismatch,  // staging directive or partition expression differs
  kStorage,            // object-store failure: manifest save, SST write, missing remap blob
  kUnexpected,         // in-memory rebuild failed; exit-staging validation failed
  kCompactionFailed,   // memory budget or a crashed merge sub-task
  kRegionTruncated,    // commit refused by the truncation applicability check
  kUnsupported,  // the op does not exist in the checked contract version (V5-only ops below V5)
  kCancelled,  // V5: the flush was cancelled before its commit (FlushCancelled, StatusCode::Cancelled)
};

// The hook's callbacks. SFW and MU exist in every contract version; the lifecycle callbacks from V2
// (c70cbaa132), on_region_gc from V4 (hook-paths.md §10).
enum class Callback : uint8_t {
  kSstFilesWritten,
  kManifestUpdated,
  kRegionOpened,        // on_region_opened(region, metadata)
  kRegionClosed,        // on_region_closed(region, metadata)
  kRegionDropped,       // on_region_dropped(region, metadata)
  kRegionFilesRemoved,  // on_region_files_removed(region, metadata)
  kRegionGc,            // on_region_gc(region, metadata?, access layer, RegionGcInfo)
};
inline constexpr int kCallbackCount = 7;

// WAL entry ids and sequence numbers: one Put is one WAL entry and one sequence number.
using EntryId = uint64_t;
using SequenceNumber = uint64_t;

// What SFW reports of one written file (upstream SstInfo + FileMeta, reduced to what we model).
struct SstFileInfo {
  FileId id = 0;
  uint32_t rows = 0;
  uint8_t min_ts = 0;  // the time range of its rows, in Put's ts buckets
  uint8_t max_ts = 0;
  uint8_t level = 0;  // 0: a flush; 1: a compaction output

  friend bool operator==(const SstFileInfo&, const SstFileInfo&) = default;
};

enum class ActionKind : uint8_t {
  kEdit,
  kChange,  // schema / format change, or the backfill
  kPartitionExprChange,
  kTruncateAll,
  kTruncatePartial,
};

// One manifest action, reduced to what the contract talks about. Invariants: `add` and `remove`
// are sorted ascending; `expr` is non-zero only for kPartitionExprChange; the optional payload
// fields are set exactly where upstream sets them (docs/contract.md, "Payloads"), else nullopt.
struct Action {
  ActionKind kind = ActionKind::kEdit;
  std::vector<FileId> add;     // kEdit: files added (or re-added by an index build)
  std::vector<FileId> remove;  // kEdit: files removed; kTruncatePartial: files truncated
  PartitionExpr expr = 0;      // kPartitionExprChange
  std::optional<EntryId> flushed_entry_id;           // kEdit: RegionEdit::flushed_entry_id
  std::optional<SequenceNumber> flushed_sequence;    // kEdit: RegionEdit::flushed_sequence
  std::optional<SequenceNumber> committed_sequence;  // kEdit: RegionEdit::committed_sequence
  std::optional<EntryId> truncated_entry_id;  // kTruncateAll: RegionTruncate::truncated_entry_id

  friend bool operator==(const Action&, const Action&) = default;
};

std::string_view Name(RoleState s);
std::string_view ShortName(RoleState s);  // F, W, S, ES, A, Dr, T, E, Dg
std::string_view Name(Presence p);
std::string_view Name(ErrorCode e);
// "SFW", "MU", "OPENED", "CLOSED", "DROPPED", "FILES_REMOVED", "GC".
std::string_view Name(Callback c);
std::string_view Name(ActionKind k);
std::optional<RoleState> ParseRoleState(std::string_view s);  // accepts Name or ShortName
std::optional<ErrorCode> ParseErrorCode(std::string_view s);
std::optional<ActionKind> ParseActionKind(std::string_view s);

// "Edit(+3,4 -1)", "PartitionExprChange(2)", "TruncateAll", ... (the shape, no payload fields).
std::string ToString(const Action& a);
// Clears the payload fields, leaving the shape (for an engine that reports no payloads).
void ClearPayload(Action* a);
// The payload fields that are set: "flushed_entry_id=4 flushed_sequence=4", or "".
std::string PayloadString(const Action& a);
// "3(rows=2 ts=1..4 L0)".
std::string ToString(const SstFileInfo& f);
std::string ToString(const std::vector<Action>& actions);
std::string ToString(const std::vector<FileId>& files);  // "[3,4]"
// One callback without its delivery details: "SFW [3]", "MU v5 [Edit(+3)]", "OPENED",
// "GC [3,4] dropped full_listing". The one printer of a call, for expected and recorded calls.
std::string CallString(Callback callback, const std::vector<FileId>& files, Version version,
                       const std::vector<Action>& actions, bool gc_region_dropped,
                       bool gc_full_listing);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_TYPES_H_
