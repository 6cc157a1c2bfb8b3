// File: properties/explorer_invariants.cc
// Implements DefaultInvariants. Each predicate is phrased against docs/contract.md, not against the
// model's code: where the contract allows an exception (a failed commit after an SFW, a discarded
// staging dir that keeps its deltas, the compactor node's own counter) the predicate says so.
#include "properties/explorer_invariants.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <variant>

#include "model/expectation.h"

namespace hookcheck::properties {
namespace {

using model::ActionKind;
using model::Callback;
using model::ErrorCode;
using model::ExpectedCall;
using model::FileId;
using model::Presence;
using model::RoleState;

bool Open(const model::RegionState& s) { return s.presence == Presence::kOpen; }

template <typename T>
bool Is(const model::Command& c) {
  return std::holds_alternative<T>(c.op);
}

bool RoleChangeFault(const model::Command& c) {
  return c.fault.kind == model::FaultKind::kRoleChangeBeforeCommit;
}

bool Contains(const std::vector<FileId>& v, FileId f) { return std::find(v.begin(), v.end(), f) != v.end(); }

bool ContainsFile(const std::vector<model::FileMeta>& v, FileId f) {
  return std::any_of(v.begin(), v.end(), [f](const model::FileMeta& m) { return m.id == f; });
}

std::string Call(const ExpectedCall& c) { return model::ToString(c); }

// Before (and after, when open) the edge, an open region: the version counter's frame.
std::string SequentialRolesOnly(const EdgeView& e) {
  const auto& n = e.result.next;
  if (!Open(n)) return "";
  switch (n.role) {
    case RoleState::kFollower:
    case RoleState::kWritable:
    case RoleState::kStaging:
    case RoleState::kDowngrading:
      return "";
    default:
      return "left the region in transient role " + std::string(model::Name(n.role));
  }
}

std::string ClosedFiresNothing(const EdgeView& e) {
  if (Open(e.before) || e.result.expect.calls.empty()) return "";
  return "region " + std::string(model::Name(e.before.presence)) + " but fires " +
         Call(e.result.expect.calls.front());
}

std::string RefusalFiresNothing(const EdgeView& e) {
  const auto& x = e.result.expect;
  if (!IsRefusal(x.result) || x.calls.empty()) return "";
  if (x.result == ErrorCode::kRegionState && RoleChangeFault(e.command)) {
    // The commit after the sync point was refused: the SFW it follows is the last call.
    if (x.calls.back().callback == Callback::kSstFilesWritten) return "";
    return "RegionState after a role change must end with the SFW of the refused commit, ends with " +
           Call(x.calls.back());
  }
  return std::string(model::Name(x.result)) + " but fires " + Call(x.calls.front());
}

std::string RefusalChangesNothing(const EdgeView& e) {
  const auto& x = e.result.expect;
  if (!IsRefusal(x.result) || RoleChangeFault(e.command)) return "";
  if (e.result.next == e.before) return "";
  return std::string(model::Name(x.result)) + " but the state changed";
}

std::string MuVersionsIncrease(const EdgeView& e) {
  const auto& calls = e.result.expect.calls;
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto& a = calls[i];
    if (a.callback != Callback::kManifestUpdated || a.on_compactor) continue;
    for (size_t j = i + 1; j < calls.size(); ++j) {
      const auto& b = calls[j];
      if (b.callback != Callback::kManifestUpdated || b.on_compactor) continue;
      const bool same_group = a.unordered_group != 0 && a.unordered_group == b.unordered_group;
      if (same_group ? a.version == b.version : a.version >= b.version) {
        return Call(b) + " after " + Call(a);
      }
    }
  }
  return "";
}

std::string MuVersionFresh(const EdgeView& e) {
  const auto& n = e.result.next;
  for (const auto& c : e.result.expect.calls) {
    if (c.callback != Callback::kManifestUpdated) continue;
    if (!c.on_compactor && c.version <= e.before.last_version) {
      return Call(c) + " reuses a version: the counter had consumed v" + std::to_string(e.before.last_version);
    }
    if (Open(n) && c.version > n.last_version) {
      return Call(c) + " is beyond the counter after the op, v" + std::to_string(n.last_version);
    }
  }
  return "";
}

std::string CounterMonotone(const EdgeView& e) {
  // Open and Create start a new region instance (erratum 9: the counter is read back from the
  // live dir), so only other ops are bound to keep it.
  if (!Open(e.before) || !Open(e.result.next) || Is<model::Open>(e.command) || Is<model::Create>(e.command)) {
    return "";
  }
  if (e.result.next.last_version >= e.before.last_version) return "";
  return "counter went back from v" + std::to_string(e.before.last_version) + " to v" +
         std::to_string(e.result.next.last_version);
}

std::string SfwBeforeItsMu(const EdgeView& e) {
  const auto& calls = e.result.expect.calls;
  for (size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].callback != Callback::kManifestUpdated) continue;
    for (const auto& a : calls[i].actions) {
      if (a.kind != ActionKind::kEdit) continue;
      for (FileId f : a.add) {
        for (size_t j = i + 1; j < calls.size(); ++j) {
          if (calls[j].callback == Callback::kSstFilesWritten && Contains(calls[j].files, f)) {
            return Call(calls[i]) + " commits file " + std::to_string(f) + " before " + Call(calls[j]);
          }
        }
      }
    }
  }
  return "";
}

std::string SfwFilesFresh(const EdgeView& e) {
  for (const auto& c : e.result.expect.calls) {
    if (c.callback != Callback::kSstFilesWritten || c.on_compactor) continue;
    for (FileId f : c.files) {
      const bool fresh = f >= e.before.next_file_id && (!Open(e.result.next) || f < e.result.next.next_file_id);
      if (!fresh) {
        return Call(c) + " writes file " + std::to_string(f) + " not allocated by this op (ids " +
               std::to_string(e.before.next_file_id) + ".." + std::to_string(e.result.next.next_file_id) + ")";
      }
    }
  }
  return "";
}

// Files the region knew about before the op in a way that lets an MU add them again: staged
// (promoted by the exit), in the remap blob (MU #1), or added by a staged delta.
bool StagedOrRemapped(const model::RegionState& s, FileId f) {
  if (ContainsFile(s.staged_files, f)) return true;
  if (s.remap_blob && ContainsFile(*s.remap_blob, f)) return true;
  for (const auto& a : s.staged_actions) {
    if (a.kind == ActionKind::kEdit && Contains(a.add, f)) return true;
  }
  return false;
}

std::string MuAddsNewOrReadd(const EdgeView& e) {
  const auto& calls = e.result.expect.calls;
  std::set<FileId> written;  // by an SFW earlier in this op
  for (const auto& c : calls) {
    if (c.callback == Callback::kSstFilesWritten) {
      written.insert(c.files.begin(), c.files.end());
      continue;
    }
    if (c.on_compactor) continue;
    for (const auto& a : c.actions) {
      if (a.kind != ActionKind::kEdit) continue;
      for (FileId f : a.add) {
        const bool live = ContainsFile(e.before.live_files, f);
        if (written.count(f) || f >= e.before.next_file_id || StagedOrRemapped(e.before, f)) continue;
        if (f > 1000 && !live) continue;               // copied from the source region
        if (live && c.unordered_group != 0) continue;  // an index build re-adds a live file
        return Call(c) + " adds file " + std::to_string(f) +
               (live ? ", already live, outside an index build" : ", neither new nor staged");
      }
    }
  }
  return "";
}

std::string MuRemovesKnownFiles(const EdgeView& e) {
  std::set<FileId> added;  // by an MU earlier in this op
  for (const auto& c : e.result.expect.calls) {
    if (c.callback != Callback::kManifestUpdated || c.on_compactor) continue;
    for (const auto& a : c.actions) {
      if (a.kind != ActionKind::kEdit && a.kind != ActionKind::kTruncatePartial) continue;
      for (FileId f : a.remove) {
        if (!ContainsFile(e.before.live_files, f) && !added.count(f) && !StagedOrRemapped(e.before, f)) {
          return Call(c) + " removes file " + std::to_string(f) + ", which the region does not hold";
        }
      }
      added.insert(a.add.begin(), a.add.end());
    }
  }
  return "";
}

std::string MuActionsWellFormed(const EdgeView& e) {
  for (const auto& c : e.result.expect.calls) {
    if (c.callback != Callback::kManifestUpdated) {
      if (!std::is_sorted(c.files.begin(), c.files.end())) return Call(c) + " lists files out of order";
      continue;
    }
    if (c.actions.empty()) return Call(c) + " carries no action";
    for (const auto& a : c.actions) {
      if (!std::is_sorted(a.add.begin(), a.add.end()) || !std::is_sorted(a.remove.begin(), a.remove.end())) {
        return Call(c) + " has an unsorted file list";
      }
      if ((a.expr != 0) != (a.kind == ActionKind::kPartitionExprChange)) {
        return Call(c) + " has a partition expr on the wrong action kind";
      }
    }
  }
  return "";
}

std::string PromotionCarriesStaged(const EdgeView& e) {
  const auto& b = e.before;
  if (!Is<model::ApplyStaging>(e.command) || e.command.fault.kind != model::FaultKind::kNone || !Open(b) ||
      b.role != RoleState::kStaging || e.result.expect.result != ErrorCode::kOk) {
    return "";
  }
  const auto& n = e.result.next;
  if (!Open(n) || n.role != RoleState::kWritable) return "ApplyStaging Ok but the region is not Writable";
  if (!n.staged_actions.empty()) return "ApplyStaging Ok but the staging dir still holds deltas";
  const auto& calls = e.result.expect.calls;
  if (calls.empty() || calls.back().callback != Callback::kManifestUpdated) return "ApplyStaging Ok without a promotion MU";
  const auto& got = calls.back().actions;
  const auto& staged = b.staged_actions;
  const bool prefix = got.size() == staged.size() + 1 && std::equal(staged.begin(), staged.end(), got.begin()) &&
                      got.back().kind == ActionKind::kEdit;
  if (prefix) return "";
  return "promotion " + Call(calls.back()) + " is not the staged actions " + model::ToString(staged) +
         " plus MU #1's edit";
}

std::string StagingChangesOnlyInStaging(const EdgeView& e) {
  const auto& b = e.before;
  const auto& n = e.result.next;
  if (n.staged_actions == b.staged_actions) return "";
  if (Open(b) && b.role == RoleState::kStaging) return "";
  if (!Open(b) || !Open(n)) return "";  // Drop, Open and Create start over
  if (Is<model::EnterStaging>(e.command) || Is<model::SetRoleGracefully>(e.command)) return "";  // clear the dir
  return "staged actions changed from " + model::ToString(b.staged_actions) + " to " +
         model::ToString(n.staged_actions) + " outside Staging";
}

std::string NoSilentVersion(const EdgeView& e) {
  if (e.config.contract != model::ContractVersion::kSeed || e.command.fault.kind != model::FaultKind::kNone) return "";
  if (!Open(e.before) || !Open(e.result.next)) return "";
  if (Is<model::Open>(e.command) || Is<model::Create>(e.command) || Is<model::CompactRemote>(e.command)) return "";
  uint64_t mus = 0;
  for (const auto& c : e.result.expect.calls) {
    mus += c.callback == Callback::kManifestUpdated && !c.on_compactor;
  }
  const uint64_t consumed = e.result.next.last_version - e.before.last_version;
  if (consumed == mus) return "";
  return "consumed " + std::to_string(consumed) + " versions but fired " + std::to_string(mus) +
         " MU without a fault (seed contract)";
}

}  // namespace

bool IsRefusal(model::ErrorCode e) {
  switch (e) {
    case ErrorCode::kRegionState:
    case ErrorCode::kRegionBusy:
    case ErrorCode::kInvalidRequest:
    case ErrorCode::kPartitionMismatch:
    case ErrorCode::kRegionNotFound:
    case ErrorCode::kRegionExists:
      return true;
    default:
      return false;
  }
}

const std::vector<Invariant>& DefaultInvariants() {
  static const auto* const kTable = new std::vector<Invariant>{
      {"sequential_roles_only", "after an op completes an open region is F, W, S or Dg (contract §5)",
       SequentialRolesOnly},
      {"closed_fires_nothing", "a closed or dropped region fires nothing", ClosedFiresNothing},
      {"refusal_fires_nothing",
       "a refusal fires nothing; RegionState after a role-change fault ends with the SFW of the refused commit",
       RefusalFiresNothing},
      {"refusal_changes_nothing", "a refusal (no role-change fault) leaves the state unchanged",
       RefusalChangesNothing},
      {"mu_versions_increase",
       "MU versions of one op strictly increase (distinct within an unordered group; compactor exempt)",
       MuVersionsIncrease},
      {"mu_version_fresh",
       "a datanode MU version is above the counter before the op and no compactor MU is above the counter after",
       MuVersionFresh},
      {"counter_monotone", "the version counter never goes back within one region instance", CounterMonotone},
      {"sfw_before_its_mu", "a file's SFW comes before the MU that commits it", SfwBeforeItsMu},
      {"sfw_files_fresh", "a datanode SFW writes only file ids the op allocated", SfwFilesFresh},
      {"mu_adds_new_or_readd",
       "an MU adds only new, copied, staged or remapped files, or re-adds a live one in an index build",
       MuAddsNewOrReadd},
      {"mu_removes_known_files", "an MU removes only files the region holds", MuRemovesKnownFiles},
      {"mu_actions_well_formed", "an MU carries >= 1 action, sorted file lists, expr only on PartitionExprChange",
       MuActionsWellFormed},
      {"promotion_carries_staged",
       "a successful ApplyStaging promotes exactly the staged actions plus MU #1's edit and ends Writable",
       PromotionCarriesStaged},
      {"staging_changes_only_in_staging",
       "the staging dir changes only in Staging or by an op that clears it (EnterStaging, SetRoleGracefully)",
       StagingChangesOnlyInStaging},
      {"no_silent_version",
       "seed contract, no fault: every version an op consumes is announced by a datanode MU",
       NoSilentVersion},
  };
  return *kTable;
}

}  // namespace hookcheck::properties
