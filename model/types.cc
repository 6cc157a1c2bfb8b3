// File: model/types.cc
// Names, parsers and printers of the value vocabulary declared in model/types.h.
#include "model/types.h"

#include <array>

namespace hookcheck::model {
namespace {

constexpr std::array<std::string_view, kRoleStateCount> kRoleNames = {
    "Follower", "Writable",   "Staging", "EnteringStaging", "Altering",
    "Dropping", "Truncating", "Editing", "Downgrading"};
constexpr std::array<std::string_view, kRoleStateCount> kRoleShortNames = {
    "F", "W", "S", "ES", "A", "Dr", "T", "E", "Dg"};
constexpr std::array<std::string_view, 13> kErrorNames = {
    "Ok",         "RegionNotFound",   "RegionExists",      "RegionState",
    "RegionBusy", "InvalidRequest",   "PartitionMismatch", "Storage",
    "Unexpected", "CompactionFailed", "RegionTruncated",   "Unsupported",
    "Cancelled"};
constexpr std::array<std::string_view, kCallbackCount> kCallbackNames = {
    "SFW", "MU", "OPENED", "CLOSED", "DROPPED", "FILES_REMOVED", "GC"};
constexpr std::array<std::string_view, 5> kActionNames = {"Edit", "Change", "PartitionExprChange",
                                                          "TruncateAll", "TruncatePartial"};

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
    case Presence::kOpen:
      return "open";
    case Presence::kClosed:
      return "closed";
    case Presence::kDropped:
      return "dropped";
  }
  return "?";
}

std::string_view Name(ErrorCode e) { return kErrorNames[static_cast<size_t>(e)]; }

std::string_view Name(Callback c) { return kCallbackNames[static_cast<size_t>(c)]; }

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
    case ActionKind::kChange:
      return "Change";
    case ActionKind::kPartitionExprChange:
      return "PartitionExprChange(" + std::to_string(a.expr) + ")";
    case ActionKind::kTruncateAll:
      return "TruncateAll";
    case ActionKind::kTruncatePartial:
      return "TruncatePartial(-" + JoinIds(a.remove) + ")";
  }
  return "?";
}

void ClearPayload(Action* a) {
  a->flushed_entry_id.reset();
  a->flushed_sequence.reset();
  a->committed_sequence.reset();
  a->truncated_entry_id.reset();
}

std::string PayloadString(const Action& a) {
  std::string out;
  auto field = [&out](std::string_view name, const std::optional<uint64_t>& v) {
    if (!v) return;
    if (!out.empty()) out += ' ';
    out += std::string(name) + "=" + std::to_string(*v);
  };
  field("flushed_entry_id", a.flushed_entry_id);
  field("flushed_sequence", a.flushed_sequence);
  field("committed_sequence", a.committed_sequence);
  field("truncated_entry_id", a.truncated_entry_id);
  return out;
}

std::string ToString(const SstFileInfo& f) {
  return std::to_string(f.id) + "(rows=" + std::to_string(f.rows) +
         " ts=" + std::to_string(f.min_ts) + ".." + std::to_string(f.max_ts) + " L" +
         std::to_string(f.level) + ")";
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

std::string CallString(Callback callback, const std::vector<FileId>& files, Version version,
                       const std::vector<Action>& actions, bool gc_region_dropped,
                       bool gc_full_listing) {
  switch (callback) {
    case Callback::kSstFilesWritten:
      return "SFW " + ToString(files);
    case Callback::kManifestUpdated:
      return "MU v" + std::to_string(version) + " " + ToString(actions);
    case Callback::kRegionGc: {
      std::string out = "GC " + ToString(files);
      if (gc_region_dropped) out += " dropped";
      if (gc_full_listing) out += " full_listing";
      return out;
    }
    default:
      return std::string(Name(callback));
  }
}

}  // namespace hookcheck::model
