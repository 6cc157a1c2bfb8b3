// File: properties/explorer_invariants.cc
// Implements DefaultInvariants. Each predicate is phrased against docs/contract.md, not against the
// model's code: where the contract allows an exception (a failed commit after an SFW, a discarded
// staging dir that keeps its deltas, the compactor node's own counter) the predicate says so.
#include "properties/explorer_invariants.h"

#include <algorithm>
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

bool Contains(const std::vector<FileId>& v, FileId f) {
  return std::find(v.begin(), v.end(), f) != v.end();
}

bool ContainsFile(const std::vector<model::FileMeta>& v, FileId f) {
  return std::any_of(v.begin(), v.end(), [f](const model::FileMeta& m) { return m.id == f; });
}

std::string Call(const ExpectedCall& c) { return model::ToString(c); }

// The files the region holds: its manifest's, and its version's where a remote compaction left
// the two apart (erratum 23, remote_counter upstream).
bool Holds(const model::RegionState& s, FileId f) {
  return ContainsFile(s.live_files, f) || (s.version_files && ContainsFile(*s.version_files, f));
}

// Each predicate is written once as `bool P(const EdgeView&, std::string* why)`: true when the
// edge satisfies the rule; when it does not, false, and the message goes to `*why` only if `why`
// is non-null. Holds<P> (every edge) passes nullptr, so the hot path builds no string;
// Describe<P> (a broken edge only) asks for the message.
using Predicate = bool (*)(const EdgeView&, std::string*);

template <typename Message>
bool Broken(std::string* why, Message&& message) {
  if (why != nullptr) *why = message();
  return false;
}

template <Predicate P>
bool Holds(const EdgeView& e) {
  return P(e, nullptr);
}

template <Predicate P>
std::string Describe(const EdgeView& e) {
  std::string why;
  if (P(e, &why)) return "";
  return why;
}

// Before (and after, when open) the edge, an open region: the version counter's frame.
bool SequentialRolesOnly(const EdgeView& e, std::string* why) {
  const auto& n = e.result.next;
  if (!Open(n)) return true;
  switch (n.role) {
    case RoleState::kFollower:
    case RoleState::kWritable:
    case RoleState::kStaging:
    case RoleState::kDowngrading:
      return true;
    default:
      return Broken(why, [&] {
        return "left the region in transient role " + std::string(model::Name(n.role));
      });
  }
}

// What a region that is not open may fire: on_region_opened when Open or Create brings it up
// (V2), and the offline cleanup's on_region_gc (V5).
bool MayFireWhileNotOpen(const EdgeView& e, const model::ExpectedCall& c) {
  if (c.callback == Callback::kRegionOpened)
    return Is<model::Open>(e.command) || Is<model::Create>(e.command);
  if (c.callback == Callback::kRegionGc) return Is<model::OfflineCleanup>(e.command);
  return false;
}

bool ClosedFiresNothing(const EdgeView& e, std::string* why) {
  if (Open(e.before)) return true;
  const auto& calls = e.result.expect.calls;
  auto bad = std::find_if(calls.begin(), calls.end(),
                          [&](const model::ExpectedCall& c) { return !MayFireWhileNotOpen(e, c); });
  if (bad == calls.end()) return true;
  return Broken(why, [&] {
    return "region " + std::string(model::Name(e.before.presence)) + " but fires " + Call(*bad);
  });
}

bool RefusalFiresNothing(const EdgeView& e, std::string* why) {
  const auto& x = e.result.expect;
  if (!IsRefusal(x.result) || x.calls.empty()) return true;
  if (x.result == ErrorCode::kRegionState && RoleChangeFault(e.command)) {
    // The commit after the sync point was refused: the SFW it follows is the last call.
    if (x.calls.back().callback == Callback::kSstFilesWritten) return true;
    return Broken(why, [&] {
      return "RegionState after a role change must end with the SFW of the refused commit, ends "
             "with " +
             Call(x.calls.back());
    });
  }
  return Broken(why, [&] {
    return std::string(model::Name(x.result)) + " but fires " + Call(x.calls.front());
  });
}

bool RefusalChangesNothing(const EdgeView& e, std::string* why) {
  const auto& x = e.result.expect;
  if (!IsRefusal(x.result) || RoleChangeFault(e.command)) return true;
  if (e.result.next == e.before) return true;
  return Broken(why, [&] { return std::string(model::Name(x.result)) + " but the state changed"; });
}

bool MuVersionsIncrease(const EdgeView& e, std::string* why) {
  const auto& calls = e.result.expect.calls;
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto& a = calls[i];
    if (a.callback != Callback::kManifestUpdated || a.on_compactor) continue;
    for (size_t j = i + 1; j < calls.size(); ++j) {
      const auto& b = calls[j];
      if (b.callback != Callback::kManifestUpdated || b.on_compactor) continue;
      const bool same_group = a.unordered_group != 0 && a.unordered_group == b.unordered_group;
      if (same_group ? a.version == b.version : a.version >= b.version) {
        return Broken(why, [&] { return Call(b) + " after " + Call(a); });
      }
    }
  }
  return true;
}

bool MuVersionFresh(const EdgeView& e, std::string* why) {
  const auto& n = e.result.next;
  // A new instance reads its counter back from the live dir (it may be below the old one's), and
  // under remote_counter upstream the datanode's counter stays below the compactor's version.
  const bool reread = e.result.expect.new_instance;
  const bool counter_behind = e.config.remote_counter == model::RemoteCounter::kUpstream;
  for (const auto& c : e.result.expect.calls) {
    if (c.callback != Callback::kManifestUpdated) continue;
    if (c.on_compactor && counter_behind) continue;
    if (!c.on_compactor && !reread && c.version <= e.before.last_version) {
      return Broken(why, [&] {
        return Call(c) + " reuses a version: the counter had consumed v" +
               std::to_string(e.before.last_version);
      });
    }
    if (Open(n) && c.version > n.last_version) {
      return Broken(why, [&] {
        return Call(c) + " is beyond the counter after the op, v" + std::to_string(n.last_version);
      });
    }
  }
  return true;
}

bool CounterMonotone(const EdgeView& e, std::string* why) {
  // A new region instance (Open, Create, Catchup's reopen) reads the counter back from the live
  // dir (erratum 9), so only other ops are bound to keep it.
  if (!Open(e.before) || !Open(e.result.next) || e.result.expect.new_instance) return true;
  if (e.result.next.last_version >= e.before.last_version) return true;
  return Broken(why, [&] {
    return "counter went back from v" + std::to_string(e.before.last_version) + " to v" +
           std::to_string(e.result.next.last_version);
  });
}

bool SfwBeforeItsMu(const EdgeView& e, std::string* why) {
  const auto& calls = e.result.expect.calls;
  for (size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].callback != Callback::kManifestUpdated) continue;
    for (const auto& a : calls[i].actions) {
      if (a.kind != ActionKind::kEdit) continue;
      for (FileId f : a.add) {
        for (size_t j = i + 1; j < calls.size(); ++j) {
          if (calls[j].callback == Callback::kSstFilesWritten && Contains(calls[j].files, f)) {
            return Broken(why, [&] {
              return Call(calls[i]) + " commits file " + std::to_string(f) + " before " +
                     Call(calls[j]);
            });
          }
        }
      }
    }
  }
  return true;
}

bool SfwFilesFresh(const EdgeView& e, std::string* why) {
  for (const auto& c : e.result.expect.calls) {
    if (c.callback != Callback::kSstFilesWritten || c.on_compactor) continue;
    for (FileId f : c.files) {
      const bool fresh =
          f >= e.before.next_file_id && (!Open(e.result.next) || f < e.result.next.next_file_id);
      if (!fresh) {
        return Broken(why, [&] {
          return Call(c) + " writes file " + std::to_string(f) + " not allocated by this op (ids " +
                 std::to_string(e.before.next_file_id) + ".." +
                 std::to_string(e.result.next.next_file_id) + ")";
        });
      }
    }
  }
  return true;
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

// Whether an SFW among calls[0, end) wrote `f`. A scan, not a set: an op fires a handful of calls.
bool WrittenBefore(const std::vector<ExpectedCall>& calls, size_t end, FileId f) {
  for (size_t i = 0; i < end; ++i) {
    if (calls[i].callback == Callback::kSstFilesWritten && Contains(calls[i].files, f)) return true;
  }
  return false;
}

bool MuAddsNewOrReadd(const EdgeView& e, std::string* why) {
  const auto& calls = e.result.expect.calls;
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto& c = calls[i];
    if (c.callback == Callback::kSstFilesWritten || c.on_compactor) continue;
    for (const auto& a : c.actions) {
      if (a.kind != ActionKind::kEdit) continue;
      for (FileId f : a.add) {
        if (f >= e.before.next_file_id || WrittenBefore(calls, i, f) ||
            StagedOrRemapped(e.before, f))
          continue;
        const bool live = Holds(e.before, f);
        if (f > 1000 && !live) continue;               // copied from the source region
        if (live && c.unordered_group != 0) continue;  // an index build re-adds a live file
        return Broken(why, [&] {
          return Call(c) + " adds file " + std::to_string(f) +
                 (live ? ", already live, outside an index build" : ", neither new nor staged");
        });
      }
    }
  }
  return true;
}

// Whether an Edit or TruncatePartial of a datanode MU before calls[call].actions[action] (earlier
// calls, or earlier actions of the same call) added `f`.
bool AddedBefore(const std::vector<ExpectedCall>& calls, size_t call, size_t action, FileId f) {
  for (size_t i = 0; i <= call; ++i) {
    const auto& c = calls[i];
    if (c.callback != Callback::kManifestUpdated || c.on_compactor) continue;
    const size_t end = i == call ? action : c.actions.size();
    for (size_t k = 0; k < end; ++k) {
      const auto& a = c.actions[k];
      if (a.kind != ActionKind::kEdit && a.kind != ActionKind::kTruncatePartial) continue;
      if (Contains(a.add, f)) return true;
    }
  }
  return false;
}

bool MuRemovesKnownFiles(const EdgeView& e, std::string* why) {
  const auto& calls = e.result.expect.calls;
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto& c = calls[i];
    if (c.callback != Callback::kManifestUpdated || c.on_compactor) continue;
    for (size_t k = 0; k < c.actions.size(); ++k) {
      const auto& a = c.actions[k];
      if (a.kind != ActionKind::kEdit && a.kind != ActionKind::kTruncatePartial) continue;
      for (FileId f : a.remove) {
        if (!Holds(e.before, f) && !AddedBefore(calls, i, k, f) && !StagedOrRemapped(e.before, f)) {
          return Broken(why, [&] {
            return Call(c) + " removes file " + std::to_string(f) +
                   ", which the region does not hold";
          });
        }
      }
    }
  }
  return true;
}

bool MuActionsWellFormed(const EdgeView& e, std::string* why) {
  for (const auto& c : e.result.expect.calls) {
    if (c.callback != Callback::kManifestUpdated) {
      if (!std::is_sorted(c.files.begin(), c.files.end())) {
        return Broken(why, [&] { return Call(c) + " lists files out of order"; });
      }
      continue;
    }
    if (c.actions.empty()) return Broken(why, [&] { return Call(c) + " carries no action"; });
    for (const auto& a : c.actions) {
      if (!std::is_sorted(a.add.begin(), a.add.end()) ||
          !std::is_sorted(a.remove.begin(), a.remove.end())) {
        return Broken(why, [&] { return Call(c) + " has an unsorted file list"; });
      }
      if ((a.expr != 0) != (a.kind == ActionKind::kPartitionExprChange)) {
        return Broken(why,
                      [&] { return Call(c) + " has a partition expr on the wrong action kind"; });
      }
    }
  }
  return true;
}

bool PromotionCarriesStaged(const EdgeView& e, std::string* why) {
  const auto& b = e.before;
  if (!Is<model::ApplyStaging>(e.command) || e.command.fault.kind != model::FaultKind::kNone ||
      !Open(b) || b.role != RoleState::kStaging || e.result.expect.result != ErrorCode::kOk) {
    return true;
  }
  const auto& n = e.result.next;
  if (!Open(n) || n.role != RoleState::kWritable) {
    return Broken(why,
                  [] { return std::string("ApplyStaging Ok but the region is not Writable"); });
  }
  if (!n.staged_actions.empty()) {
    return Broken(
        why, [] { return std::string("ApplyStaging Ok but the staging dir still holds deltas"); });
  }
  const auto& calls = e.result.expect.calls;
  if (calls.empty() || calls.back().callback != Callback::kManifestUpdated) {
    return Broken(why, [] { return std::string("ApplyStaging Ok without a promotion MU"); });
  }
  const auto& got = calls.back().actions;
  const auto& staged = b.staged_actions;
  const bool prefix = got.size() == staged.size() + 1 &&
                      std::equal(staged.begin(), staged.end(), got.begin()) &&
                      got.back().kind == ActionKind::kEdit;
  if (prefix) return true;
  return Broken(why, [&] {
    return "promotion " + Call(calls.back()) + " is not the staged actions " +
           model::ToString(staged) + " plus MU #1's edit";
  });
}

bool StagingChangesOnlyInStaging(const EdgeView& e, std::string* why) {
  const auto& b = e.before;
  const auto& n = e.result.next;
  // The cheap exemptions first; the comparison of the staged actions only when none applies.
  if (Open(b) && b.role == RoleState::kStaging) return true;
  if (!Open(b) || !Open(n)) return true;  // Drop, Open and Create start over
  if (Is<model::EnterStaging>(e.command) || Is<model::SetRoleGracefully>(e.command))
    return true;  // clear the dir
  if (n.staged_actions == b.staged_actions) return true;
  return Broken(why, [&] {
    return "staged actions changed from " + model::ToString(b.staged_actions) + " to " +
           model::ToString(n.staged_actions) + " outside Staging";
  });
}

bool NoSilentVersion(const EdgeView& e, std::string* why) {
  if (model::SuppressesStagingManifestUpdates(e.config.contract) ||
      e.command.fault.kind != model::FaultKind::kNone) {
    return true;
  }
  if (!Open(e.before) || !Open(e.result.next)) return true;
  // FollowerSync installs deltas another node wrote above the counter (a remote compaction's):
  // the counter moves to them, and nothing is this op's to announce.
  if (e.result.expect.new_instance || Is<model::CompactRemote>(e.command) ||
      Is<model::FollowerSync>(e.command)) {
    return true;
  }
  uint64_t mus = 0;
  for (const auto& c : e.result.expect.calls) {
    mus += c.callback == Callback::kManifestUpdated && !c.on_compactor;
  }
  const uint64_t consumed = e.result.next.last_version - e.before.last_version;
  if (consumed == mus) return true;
  return Broken(why, [&] {
    return "consumed " + std::to_string(consumed) + " versions but fired " + std::to_string(mus) +
           " MU without a fault (seed contract)";
  });
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

std::string Check(const Invariant& inv, const EdgeView& e) {
  if (inv.holds(e)) return "";
  std::string why = inv.describe(e);
  return why.empty() ? "broken" : why;
}

// hook-paths.md §10: which op may fire each lifecycle or GC callback, at most once per op, and in
// which order: on_region_opened before every other call of its op (it precedes every MU of the
// incarnation), never for a catch-up reopen; on_region_files_removed after on_region_dropped.
bool LifecycleCallbacksInPlace(const EdgeView& e, std::string* why) {
  const auto& calls = e.result.expect.calls;
  int seen[model::kCallbackCount] = {};
  for (size_t i = 0; i < calls.size(); ++i) {
    const model::ExpectedCall& c = calls[i];
    const Callback k = c.callback;
    if (k == Callback::kSstFilesWritten || k == Callback::kManifestUpdated) continue;
    if (++seen[static_cast<int>(k)] > 1)
      return Broken(why, [&] { return Call(c) + " fires twice in one op"; });
    const bool lifecycle = k != Callback::kRegionGc;
    if (lifecycle ? !model::FiresLifecycleCallbacks(e.config.contract)
                  : !model::FiresGcCallback(e.config.contract)) {
      return Broken(why, [&] {
        return Call(c) + " fires under contract " + std::string(model::Name(e.config.contract));
      });
    }
    bool allowed = false;
    switch (k) {
      case Callback::kRegionOpened:
        allowed = (Is<model::Open>(e.command) || Is<model::Create>(e.command)) && i == 0;
        break;
      case Callback::kRegionClosed:
        allowed = Is<model::Close>(e.command);
        break;
      case Callback::kRegionDropped:
        allowed = Is<model::Drop>(e.command);
        break;
      case Callback::kRegionFilesRemoved:
        allowed =
            Is<model::Drop>(e.command) && seen[static_cast<int>(Callback::kRegionDropped)] == 1;
        break;
      case Callback::kRegionGc:
        allowed = Is<model::Gc>(e.command) || Is<model::OfflineCleanup>(e.command);
        break;
      default:
        break;
    }
    if (!allowed) {
      return Broken(why, [&] {
        return Call(c) + " fired by " + std::string(model::OpName(e.command.op)) + " at call " +
               std::to_string(i + 1);
      });
    }
  }
  return true;
}

const std::vector<Invariant>& DefaultInvariants() {
  static const auto* const kTable = new std::vector<Invariant>{
      {"sequential_roles_only",
       "after an op completes an open region is F, W, S or Dg (contract §5)",
       Holds<SequentialRolesOnly>, Describe<SequentialRolesOnly>},
      {"closed_fires_nothing", "a closed or dropped region fires nothing",
       Holds<ClosedFiresNothing>, Describe<ClosedFiresNothing>},
      {"refusal_fires_nothing",
       "a refusal fires nothing; RegionState after a role-change fault ends with the SFW of the "
       "refused commit",
       Holds<RefusalFiresNothing>, Describe<RefusalFiresNothing>},
      {"refusal_changes_nothing", "a refusal (no role-change fault) leaves the state unchanged",
       Holds<RefusalChangesNothing>, Describe<RefusalChangesNothing>},
      {"mu_versions_increase",
       "MU versions of one op strictly increase (distinct within an unordered group; compactor "
       "exempt)",
       Holds<MuVersionsIncrease>, Describe<MuVersionsIncrease>},
      {"mu_version_fresh",
       "a datanode MU version is above the counter before the op and no compactor MU is above the "
       "counter after",
       Holds<MuVersionFresh>, Describe<MuVersionFresh>},
      {"counter_monotone", "the version counter never goes back within one region instance",
       Holds<CounterMonotone>, Describe<CounterMonotone>},
      {"sfw_before_its_mu", "a file's SFW comes before the MU that commits it",
       Holds<SfwBeforeItsMu>, Describe<SfwBeforeItsMu>},
      {"sfw_files_fresh", "a datanode SFW writes only file ids the op allocated",
       Holds<SfwFilesFresh>, Describe<SfwFilesFresh>},
      {"mu_adds_new_or_readd",
       "an MU adds only new, copied, staged or remapped files, or re-adds a live one in an index "
       "build",
       Holds<MuAddsNewOrReadd>, Describe<MuAddsNewOrReadd>},
      {"mu_removes_known_files", "an MU removes only files the region holds",
       Holds<MuRemovesKnownFiles>, Describe<MuRemovesKnownFiles>},
      {"mu_actions_well_formed",
       "an MU carries >= 1 action, sorted file lists, expr only on PartitionExprChange",
       Holds<MuActionsWellFormed>, Describe<MuActionsWellFormed>},
      {"promotion_carries_staged",
       "a successful ApplyStaging promotes exactly the staged actions plus MU #1's edit and ends "
       "Writable",
       Holds<PromotionCarriesStaged>, Describe<PromotionCarriesStaged>},
      {"staging_changes_only_in_staging",
       "the staging dir changes only in Staging or by an op that clears it (EnterStaging, "
       "SetRoleGracefully)",
       Holds<StagingChangesOnlyInStaging>, Describe<StagingChangesOnlyInStaging>},
      {"lifecycle_callbacks_in_place",
       "V2+: on_region_opened first and only from Open/Create, closed from Close, dropped then "
       "files_removed from Drop, "
       "gc from Gc/OfflineCleanup (V4+), each at most once",
       Holds<LifecycleCallbacksInPlace>, Describe<LifecycleCallbacksInPlace>},
      {"no_silent_version",
       "staging MUs not suppressed (V1, V2), no fault: every version an op consumes is announced "
       "by a datanode MU",
       Holds<NoSilentVersion>, Describe<NoSilentVersion>},
  };
  return *kTable;
}

}  // namespace hookcheck::properties
