// File: model/types.cc
// Names, parsers and printers of the value vocabulary declared in model/types.h.
#include "model/types.h"

#include <array>

namespace hookcheck::model {
namespace {

constexpr std::array<std::string_view, kRoleStateCount> kRoleNames = {
    "Follower", "Writable", "Staging", "EnteringStaging", "Altering",
    "Dropping", "Truncating", "Editing", "Downgrading"};
constexpr std::array<std::string_view, kRoleStateCount> kRoleShortNames = {
    "F", "W", "S", "ES", "A", "Dr", "T", "E", "Dg"};
constexpr std::array<std::string_view, 11> kErrorNames = {
    "Ok",           "RegionNotFound",    "RegionExists", "RegionState",
    "RegionBusy",   "InvalidRequest",    "PartitionMismatch", "Storage",
    "Unexpected",   "CompactionFailed",  "RegionTruncated"};
constexpr std::array<std::string_view, 5> kActionNames = {
    "Edit", "Change", "PartitionExprChange", "TruncateAll", "TruncatePartial"};

// Joins ids with commas and no brackets: "3,4".
std::string JoinIds(const std::vector<FileId>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out;
}

}  // namespace

std::string_view Name(RoleState s) { return kRoleNames[static_cast<size_t>(s)]; }
std::string_view ShortName(RoleState s) { return kRoleShortNames[static_cast<size_t>(s)]; }

std::string_view Name(Presence p) {
  switch (p) {
    case Presence::kOpen: return "open";
    case Presence::kClosed: return "closed";
    case Presence::kDropped: return "dropped";
  }
  return "?";
}

std::string_view Name(ErrorCode e) { return kErrorNames[static_cast<size_t>(e)]; }

std::string_view Name(Callback c) {
  return c == Callback::kSstFilesWritten ? "SFW" : "MU";
}

std::string_view Name(ActionKind k) { return kActionNames[static_cast<size_t>(k)]; }

std::optional<RoleState> ParseRoleState(std::string_view s) {
  for (int i = 0; i < kRoleStateCount; ++i) {
    if (s == kRoleNames[i] || s == kRoleShortNames[i]) return static_cast<RoleState>(i);
  }
  return std::nullopt;
}

std::optional<ErrorCode> ParseErrorCode(std::string_view s) {
  for (size_t i = 0; i < kErrorNames.size(); ++i) {
    if (s == kErrorNames[i]) return static_cast<ErrorCode>(i);
  }
  return std::nullopt;
}

std::optional<ActionKind> ParseActionKind(std::string_view s) {
  for (size_t i = 0; i < kActionNames.size(); ++i) {
    if (s == kActionNames[i]) return static_cast<ActionKind>(i);
  }
  return std::nullopt;
}

std::string ToString(const Action& a) {
  switch (a.kind) {
    case ActionKind::kEdit: {
      std::string out = "Edit(";
      if (!a.add.empty()) out += "+" + JoinIds(a.add);
      if (!a.add.empty() && !a.remove.empty()) out += ' ';
      if (!a.remove.empty()) out += "-" + JoinIds(a.remove);
      return out + ")";
    }
    case ActionKind::kChange: return "Change";
    case ActionKind::kPartitionExprChange:
      return "PartitionExprChange(" + std::to_string(a.expr) + ")";
    case ActionKind::kTruncateAll: return "TruncateAll";
    case ActionKind::kTruncatePartial: return "TruncatePartial(-" + JoinIds(a.remove) + ")";
  }
  return "?";
}

std::string ToString(const std::vector<Action>& actions) {
  std::string out = "[";
  for (size_t i = 0; i < actions.size(); ++i) {
    if (i > 0) out += ", ";
    out += ToString(actions[i]);
  }
  return out + "]";
}

std::string ToString(const std::vector<FileId>& files) { return "[" + JoinIds(files) + "]"; }

}  // namespace hookcheck::model
