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
};

enum class Callback : uint8_t { kSstFilesWritten, kManifestUpdated };

enum class ActionKind : uint8_t {
  kEdit,
  kChange,               // schema / format change, or the backfill
  kPartitionExprChange,
  kTruncateAll,
  kTruncatePartial,
};

// One manifest action, reduced to what the contract talks about. Invariants: `add` and `remove`
// are sorted ascending; `expr` is non-zero only for kPartitionExprChange.
struct Action {
  ActionKind kind = ActionKind::kEdit;
  std::vector<FileId> add;     // kEdit: files added (or re-added by an index build)
  std::vector<FileId> remove;  // kEdit: files removed; kTruncatePartial: files truncated
  PartitionExpr expr = 0;      // kPartitionExprChange

  friend bool operator==(const Action&, const Action&) = default;
};

std::string_view Name(RoleState s);
std::string_view ShortName(RoleState s);  // F, W, S, ES, A, Dr, T, E, Dg
std::string_view Name(Presence p);
std::string_view Name(ErrorCode e);
std::string_view Name(Callback c);        // "SFW" / "MU"
std::string_view Name(ActionKind k);
std::optional<RoleState> ParseRoleState(std::string_view s);    // accepts Name or ShortName
std::optional<ErrorCode> ParseErrorCode(std::string_view s);
std::optional<ActionKind> ParseActionKind(std::string_view s);

// "Edit(+3,4 -1)", "PartitionExprChange(2)", "TruncateAll", ...
std::string ToString(const Action& a);
std::string ToString(const std::vector<Action>& actions);
std::string ToString(const std::vector<FileId>& files);  // "[3,4]"

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_TYPES_H_
