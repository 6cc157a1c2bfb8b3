// File: properties/explorer_coverage.cc
// Implements the situation abstraction and the coverage rows. A row is phrased on what fired and
// what came back (docs/contract.md §2), never on the model's `why` strings, so a row reached is a
// path the contract describes, whatever the model calls it.
#include "properties/explorer_coverage.h"

#include <algorithm>
#include <variant>

#include "properties/trace_checker.h"

namespace hookcheck::properties {
namespace {

using model::Callback;
using model::ErrorCode;
using model::FaultKind;
using model::RoleState;

constexpr int kClosed = model::kRoleStateCount;
constexpr int kDropped = model::kRoleStateCount + 1;

template <typename T>
const T* As(const EdgeView& e) {
  return std::get_if<T>(&e.command.op);
}

int Count(const EdgeView& e, Callback c) {
  return static_cast<int>(
      std::count_if(e.result.expect.calls.begin(), e.result.expect.calls.end(),
                    [c](const model::ExpectedCall& x) { return x.callback == c; }));
}
int Mus(const EdgeView& e) { return Count(e, Callback::kManifestUpdated); }
int Sfws(const EdgeView& e) { return Count(e, Callback::kSstFilesWritten); }
int Calls(const EdgeView& e, Callback c) { return Count(e, c); }
// No SFW and no MU (the lifecycle and GC callbacks of V2+ have rows of their own).
bool Nothing(const EdgeView& e) { return Sfws(e) == 0 && Mus(e) == 0; }
// The first call of `c` comes before the first of `later`, and both fire.
bool Before(const EdgeView& e, Callback c, Callback later) {
  const auto& calls = e.result.expect.calls;
  auto first = [&calls](Callback k) {
    return std::find_if(calls.begin(), calls.end(),
                        [k](const model::ExpectedCall& x) { return x.callback == k; });
  };
  return first(c) != calls.end() && first(later) != calls.end() && first(c) < first(later);
}
const model::ExpectedCall* GcCall(const EdgeView& e) {
  for (const auto& c : e.result.expect.calls) {
    if (c.callback == Callback::kRegionGc) return &c;
  }
  return nullptr;
}
bool Ok(const EdgeView& e) { return e.result.expect.result == ErrorCode::kOk; }
ErrorCode Result(const EdgeView& e) { return e.result.expect.result; }
bool From(const EdgeView& e, RoleState r) {
  return e.before.presence == model::Presence::kOpen && e.before.role == r;
}
bool To(const EdgeView& e, RoleState r) {
  return e.result.next.presence == model::Presence::kOpen && e.result.next.role == r;
}
bool NoFault(const EdgeView& e) { return e.command.fault.kind == FaultKind::kNone; }
bool Fault(const EdgeView& e, FaultKind k) { return e.command.fault.kind == k; }
bool RoleFault(const EdgeView& e, RoleState r) {
  return e.command.fault.kind == FaultKind::kRoleChangeBeforeCommit && e.command.fault.role == r;
}
// A datanode MU strictly before the first SFW: the TTL pre-step of a local compaction.
bool MuBeforeSfw(const EdgeView& e) {
  for (const auto& c : e.result.expect.calls) {
    if (c.callback == Callback::kSstFilesWritten) return false;
    if (!c.on_compactor) return true;
  }
  return false;
}
bool OnCompactor(const EdgeView& e) {
  return std::any_of(e.result.expect.calls.begin(), e.result.expect.calls.end(),
                     [](const model::ExpectedCall& c) { return c.on_compactor; });
}
bool MuWithKind(const EdgeView& e, model::ActionKind k) {
  for (const auto& c : e.result.expect.calls) {
    for (const auto& a : c.actions) {
      if (a.kind == k) return true;
    }
  }
  return false;
}
// Versions consumed without a datanode MU: the trace of a failed save or rebuild.
bool SkippedVersion(const EdgeView& e) {
  int mus = 0;
  for (const auto& c : e.result.expect.calls)
    mus += c.callback == Callback::kManifestUpdated && !c.on_compactor;
  return e.result.next.last_version > e.before.last_version + static_cast<uint64_t>(mus);
}
// The op's own compaction writes the first SFW; any later one is a re-run's (erratum 19).
bool FirstSfwFiles(const EdgeView& e, bool empty) {
  for (const auto& c : e.result.expect.calls) {
    if (c.callback == Callback::kSstFilesWritten) return c.files.empty() == empty;
  }
  return false;
}

// Fewer files written than ids allocated: a compaction output failed (its id is consumed).
bool SkippedFileIds(const EdgeView& e) {
  size_t written = 0;
  for (const auto& c : e.result.expect.calls) {
    if (c.callback == Callback::kSstFilesWritten) written += c.files.size();
  }
  return e.result.next.next_file_id > e.before.next_file_id + written;
}

}  // namespace

int SituationOf(const model::RegionState& s) {
  switch (s.presence) {
    case model::Presence::kOpen:
      return static_cast<int>(s.role);
    case model::Presence::kClosed:
      return kClosed;
    case model::Presence::kDropped:
      return kDropped;
  }
  return kDropped;
}

std::string_view SituationName(int situation) {
  if (situation == kClosed) return "closed";
  if (situation == kDropped) return "dropped";
  return model::ShortName(static_cast<RoleState>(situation));
}

bool SequentiallyReachable(int situation) {
  if (situation >= kClosed) return true;
  auto r = static_cast<RoleState>(situation);
  return r == RoleState::kFollower || r == RoleState::kWritable || r == RoleState::kStaging ||
         r == RoleState::kDowngrading;
}

std::vector<CoverageRow> DefaultCoverageRows(const model::ModelConfig& config) {
  // Staging-dir writes fire MU (V1, V2).
  const bool seed = !model::SuppressesStagingManifestUpdates(config.contract);
  using E = const EdgeView&;
  std::vector<CoverageRow> rows = {
      // The coverage table of hook-paths.md, one row per path that fires.
      {"flush", "firing",
       [](E e) {
         return As<model::Flush>(e) && From(e, RoleState::kWritable) && Ok(e) && Sfws(e) == 1 &&
                Mus(e) >= 1;
       }},
      {"flush in staging", "firing",
       [](E e) {
         return As<model::Flush>(e) && From(e, RoleState::kStaging) && Ok(e) && Sfws(e) == 1;
       }},
      {"flush in downgrading", "firing",
       [](E e) {
         return As<model::Flush>(e) && From(e, RoleState::kDowngrading) && Ok(e) && Mus(e) >= 1;
       }},
      {"local compaction", "firing",
       [](E e) {
         return As<model::CompactLocal>(e) && Ok(e) && Sfws(e) == 1 && Mus(e) >= 1 &&
                FirstSfwFiles(e, false);
       }},
      {"local compaction with TTL", "firing",
       [](E e) { return As<model::CompactLocal>(e) && Ok(e) && MuBeforeSfw(e); }},
      {"remote compaction", "firing",
       [](E e) { return As<model::CompactRemote>(e) && Ok(e) && OnCompactor(e); }},
      {"edit", "firing",
       [](E e) {
         return As<model::EditRegion>(e) && From(e, RoleState::kWritable) && Ok(e) && Mus(e) >= 1;
       }},
      {"edit in staging", "firing",
       [seed](E e) {
         return As<model::EditRegion>(e) && From(e, RoleState::kStaging) && Ok(e) &&
                (!seed || Mus(e) >= 1);
       }},
      {"edit with queued edits", "firing",
       [](E e) {
         auto* o = As<model::EditRegion>(e);
         return o && o->queued > 0 && Ok(e) && From(e, RoleState::kWritable) && Mus(e) >= 2;
       }},
      {"copy", "firing", [](E e) { return As<model::CopyRegion>(e) && Ok(e) && Mus(e) == 1; }},
      {"enter staging", "firing",
       [seed](E e) {
         return As<model::EnterStaging>(e) && From(e, RoleState::kWritable) && Ok(e) &&
                To(e, RoleState::kStaging) &&
                (seed ? MuWithKind(e, model::ActionKind::kPartitionExprChange) : Nothing(e));
       }},
      {"enter staging flushes first", "firing",
       [](E e) {
         return As<model::EnterStaging>(e) && Ok(e) && Sfws(e) == 1 && To(e, RoleState::kStaging);
       }},
      {seed ? "apply staging (MU twice)" : "apply staging (promotion MU only)", "firing",
       [seed](E e) {
         return As<model::ApplyStaging>(e) && From(e, RoleState::kStaging) && Ok(e) &&
                Mus(e) == (seed ? 2 : 1) && To(e, RoleState::kWritable);
       }},
      {"alter", "firing",
       [](E e) {
         return As<model::Alter>(e) && Ok(e) && MuWithKind(e, model::ActionKind::kChange) &&
                Sfws(e) == 0;
       }},
      {"alter flushes first", "firing",
       [](E e) { return As<model::Alter>(e) && Ok(e) && Sfws(e) == 1 && Mus(e) >= 2; }},
      {"truncate all", "firing",
       [](E e) {
         auto* o = As<model::Truncate>(e);
         return o && o->all && Ok(e) && MuWithKind(e, model::ActionKind::kTruncateAll);
       }},
      {"truncate partial", "firing",
       [](E e) {
         auto* o = As<model::Truncate>(e);
         return o && !o->all && Ok(e) && MuWithKind(e, model::ActionKind::kTruncatePartial);
       }},
      {"index build", "firing",
       [](E e) { return As<model::BuildIndex>(e) && Ok(e) && Mus(e) >= 1; }},
      {"catchup backfill", "firing",
       [](E e) {
         return As<model::Catchup>(e) && Ok(e) && MuWithKind(e, model::ActionKind::kChange);
       }},
      {"graceful leader exits staging", "firing",
       [](E e) {
         auto* o = As<model::SetRoleGracefully>(e);
         return o && o->target == model::GracefulTarget::kLeader && From(e, RoleState::kStaging) &&
                Ok(e) && Mus(e) == 1;
       }},

      // Paths that fire nothing.
      {"flush, empty memtable", "non-firing",
       [](E e) {
         return As<model::Flush>(e) && From(e, RoleState::kWritable) && Ok(e) && Nothing(e);
       }},
      {"compaction picks nothing", "non-firing",
       [](E e) {
         return As<model::CompactLocal>(e) && From(e, RoleState::kWritable) && Ok(e) && Nothing(e);
       }},
      {"compaction skipped in staging", "non-firing",
       [](E e) {
         return As<model::CompactLocal>(e) && From(e, RoleState::kStaging) && Ok(e) && Nothing(e);
       }},
      {"compaction budget fails", "non-firing",
       [](E e) {
         auto* o = As<model::CompactLocal>(e);
         return o && o->budget_fails && Result(e) == ErrorCode::kCompactionFailed && Nothing(e);
       }},
      {"compaction crash: no SFW, no merge MU", "non-firing",
       [](E e) {
         auto* o = As<model::CompactLocal>(e);
         return o && o->crash && Result(e) == ErrorCode::kCompactionFailed && Sfws(e) == 0;
       }},
      {"remote compaction without plugins", "non-firing",
       [](E e) {
         auto* o = As<model::CompactRemote>(e);
         return o && !o->plugins && Ok(e) && Nothing(e) && !(e.result.next == e.before);
       }},
      {"copy, nothing new", "non-firing",
       [](E e) {
         return As<model::CopyRegion>(e) && From(e, RoleState::kWritable) && Ok(e) && Nothing(e);
       }},
      {"enter staging, RejectAllWrites", "non-firing",
       [](E e) {
         auto* o = As<model::EnterStaging>(e);
         return o && o->directive == model::StagingDirective::kRejectAllWrites &&
                From(e, RoleState::kWritable) && Ok(e) && Nothing(e) && To(e, RoleState::kStaging);
       }},
      {"enter staging again, same directive", "non-firing",
       [](E e) {
         return As<model::EnterStaging>(e) && From(e, RoleState::kStaging) && Ok(e) && Nothing(e);
       }},
      {"apply staging, already applied", "non-firing",
       [](E e) {
         return As<model::ApplyStaging>(e) && From(e, RoleState::kWritable) && Ok(e) && Nothing(e);
       }},
      {seed ? "apply staging, exit validation fails (MU #1 only)"
            : "apply staging, exit validation fails",
       "non-firing",
       [seed](E e) {
         return As<model::ApplyStaging>(e) && NoFault(e) && From(e, RoleState::kStaging) &&
                Result(e) == ErrorCode::kUnexpected && Mus(e) == (seed ? 1 : 0);
       },
       false,
       "sequentially unreachable: ApplyStaging needs the UpdatePartitionExpr directive, which "
       "stages exactly one PartitionExprChange; MU #1 always adds an Edit; Alter (the only column "
       "change) is refused in S"},
      {"graceful leader, exit validation fails", "non-firing",
       [](E e) {
         auto* o = As<model::SetRoleGracefully>(e);
         return o && o->target == model::GracefulTarget::kLeader && NoFault(e) &&
                From(e, RoleState::kStaging) && Result(e) == ErrorCode::kUnexpected && Nothing(e);
       }},
      {"alter without a write", "non-firing",
       [](E e) {
         return As<model::Alter>(e) && From(e, RoleState::kWritable) && Ok(e) && Nothing(e);
       }},
      {"truncate partial, no file inside", "non-firing",
       [](E e) {
         auto* o = As<model::Truncate>(e);
         return o && !o->all && From(e, RoleState::kWritable) && Ok(e) && Nothing(e);
       }},
      {"index build, nothing to build", "non-firing",
       [](E e) {
         return As<model::BuildIndex>(e) && From(e, RoleState::kWritable) && Ok(e) && Nothing(e);
       }},
      {"graceful leader, nothing staged", "non-firing",
       [](E e) {
         auto* o = As<model::SetRoleGracefully>(e);
         return o && o->target == model::GracefulTarget::kLeader && From(e, RoleState::kStaging) &&
                Ok(e) && Nothing(e) && To(e, RoleState::kWritable);
       }},
      {"graceful staging leader", "non-firing",
       [](E e) {
         auto* o = As<model::SetRoleGracefully>(e);
         return o && o->target == model::GracefulTarget::kStagingLeader &&
                From(e, RoleState::kWritable) && Ok(e) && To(e, RoleState::kStaging);
       }},
      {"open as follower", "non-firing",
       [](E e) {
         return As<model::Open>(e) && e.before.presence == model::Presence::kClosed &&
                To(e, RoleState::kFollower) && Nothing(e);
       }},
      {"create after drop", "non-firing",
       [](E e) {
         return As<model::Create>(e) && e.before.presence == model::Presence::kDropped && Ok(e) &&
                Nothing(e);
       }},

      // Fault rows (§5 of the table).
      {"manifest save fails", "fault",
       [](E e) {
         return Fault(e, FaultKind::kSaveFails) && Result(e) == ErrorCode::kStorage &&
                Mus(e) == 0 && SkippedVersion(e);
       }},
      {"rebuild fails", "fault",
       [](E e) {
         return Fault(e, FaultKind::kRebuildFails) && Result(e) == ErrorCode::kUnexpected &&
                SkippedVersion(e);
       }},
      {"SST write fails, memtable kept", "fault",
       [](E e) {
         return As<model::Flush>(e) && Fault(e, FaultKind::kSstWriteFails) &&
                Result(e) == ErrorCode::kStorage && Nothing(e) && !e.before.memtable.empty() &&
                e.result.next.memtable == e.before.memtable;
       }},
      {"commit refused after SFW", "fault",
       [](E e) {
         return RoleFault(e, RoleState::kFollower) && Result(e) == ErrorCode::kRegionState &&
                Sfws(e) >= 1 && Mus(e) == 0;
       }},
      {"compaction commit refused after SFW", "fault",
       [](E e) {
         return As<model::CompactLocal>(e) && RoleFault(e, RoleState::kFollower) &&
                Result(e) == ErrorCode::kRegionState && Sfws(e) == 1;
       }},
      {"Dg passes the commit predicate", "fault",
       [](E e) {
         return RoleFault(e, RoleState::kDowngrading) && Ok(e) && Mus(e) >= 1 &&
                To(e, RoleState::kDowngrading);
       }},
      {"stale is_staging flush (W from S)", "fault",
       [](E e) {
         return As<model::Flush>(e) && RoleFault(e, RoleState::kWritable) &&
                From(e, RoleState::kStaging) && Sfws(e) == 1;
       }},
      {"one compaction output fails", "fault",
       [](E e) {
         auto* o = As<model::CompactLocal>(e);
         return o && o->failed_outputs == 1 && Ok(e) && FirstSfwFiles(e, false) &&
                SkippedFileIds(e);
       }},
      {"every compaction output fails", "fault",
       [](E e) {
         auto* o = As<model::CompactLocal>(e);
         return o && o->failed_outputs != 0 && Ok(e) && FirstSfwFiles(e, true) && Mus(e) >= 1;
       }},
      {"TTL failure swallowed", "fault",
       [](E e) {
         return As<model::CompactLocal>(e) && Fault(e, FaultKind::kSaveFails) && Ok(e) &&
                SkippedVersion(e);
       }},
      {"backfill failure swallowed", "fault",
       [](E e) {
         return As<model::Catchup>(e) && Fault(e, FaultKind::kSaveFails) && Ok(e) &&
                SkippedVersion(e);
       }},

      // Refusals, one per error code an op answers without running.
      {"RegionNotFound", "refusal", [](E e) { return Result(e) == ErrorCode::kRegionNotFound; }},
      {"RegionBusy", "refusal", [](E e) { return Result(e) == ErrorCode::kRegionBusy; }},
      {"InvalidRequest", "refusal", [](E e) { return Result(e) == ErrorCode::kInvalidRequest; }},
      {"PartitionMismatch", "refusal",
       [](E e) { return Result(e) == ErrorCode::kPartitionMismatch; }},
      {"RegionState", "refusal",
       [](E e) { return Result(e) == ErrorCode::kRegionState && NoFault(e); }},
      {"apply staging without a remap blob", "refusal",
       [](E e) {
         return As<model::ApplyStaging>(e) && NoFault(e) && From(e, RoleState::kStaging) &&
                Result(e) == ErrorCode::kStorage;
       }},
  };
  if (config.skip_wal) {
    rows.push_back({"close flushes first", "firing",
                    [](E e) { return As<model::Close>(e) && Ok(e) && Sfws(e) == 1; }});
  } else {
    rows.push_back({"memtable survives close and open", "non-firing", [](E e) {
                      return As<model::Open>(e) && e.before.presence == model::Presence::kClosed &&
                             !e.result.next.memtable.empty();
                    }});
  }
  if (config.index_mode == model::IndexMode::kAsync) {
    rows.push_back(
        {"follow-on index builds", "firing", [](E e) {
           return (As<model::Flush>(e) || As<model::EditRegion>(e)) && Ok(e) &&
                  std::any_of(e.result.expect.calls.begin(), e.result.expect.calls.end(),
                              [](const model::ExpectedCall& c) { return c.unordered_group != 0; });
         }});
  }
  if (config.remote_counter == model::RemoteCounter::kUpstream) {
    // A datanode write whose version is at most the live dir's highest: it reuses the version of
    // the compactor's delta (the only live write the datanode's counter does not know of).
    rows.push_back({kDuplicatedMuVersion, "upstream defect", [](E e) {
                      return std::any_of(e.result.expect.calls.begin(), e.result.expect.calls.end(),
                                         [&](const model::ExpectedCall& c) {
                                           return c.callback == Callback::kManifestUpdated &&
                                                  !c.on_compactor &&
                                                  c.version <= e.before.persisted.version;
                                         });
                    }});
  }
  if (model::FiresLifecycleCallbacks(config.contract)) {
    using model::Presence;
    rows.push_back({"on_region_opened by create", "lifecycle", [](E e) {
                      return As<model::Create>(e) && e.before.presence != Presence::kOpen &&
                             Ok(e) && Calls(e, Callback::kRegionOpened) == 1;
                    }});
    rows.push_back({"on_region_opened by open", "lifecycle", [](E e) {
                      return As<model::Open>(e) && e.before.presence == Presence::kClosed &&
                             Ok(e) && Calls(e, Callback::kRegionOpened) == 1;
                    }});
    rows.push_back({"catch-up reopen: no on_region_opened", "lifecycle", [](E e) {
                      return As<model::Catchup>(e) && e.result.expect.new_instance &&
                             Calls(e, Callback::kRegionOpened) == 0;
                    }});
    rows.push_back({"on_region_closed", "lifecycle", [](E e) {
                      return As<model::Close>(e) && e.before.presence == Presence::kOpen && Ok(e) &&
                             Calls(e, Callback::kRegionClosed) == 1;
                    }});
    rows.push_back({"on_region_dropped, then files removed", "lifecycle", [](E e) {
                      return As<model::Drop>(e) && Ok(e) &&
                             Before(e, Callback::kRegionDropped, Callback::kRegionFilesRemoved);
                    }});
  }
  if (model::FiresGcCallback(config.contract)) {
    rows.push_back({"on_region_gc for a full listing", "gc", [](E e) {
                      auto* o = As<model::Gc>(e);
                      auto* c = GcCall(e);
                      return o && o->full_listing && Ok(e) && c && c->files.empty() &&
                             c->gc_full_listing;
                    }});
    rows.push_back({"GC pass without deletions: no on_region_gc", "gc", [](E e) {
                      auto* o = As<model::Gc>(e);
                      return o && !o->full_listing && Ok(e) && !GcCall(e);
                    }});
  }
  if (model::HasHeadPaths(config.contract)) {
    rows.push_back({"offline cleanup fires on_region_gc", "gc", [](E e) {
                      auto* c = GcCall(e);
                      return As<model::OfflineCleanup>(e) && Ok(e) && c && c->gc_region_dropped &&
                             c->gc_full_listing && c->files.empty();
                    }});
    rows.push_back({"cancelled flush: SFW without MU", "fault", [](E e) {
                      return As<model::Flush>(e) && Fault(e, FaultKind::kFlushCancelled) &&
                             Sfws(e) == 1 && Mus(e) == 0;
                    }});
    rows.push_back({"stale index publication: no MU", "fault", [](E e) {
                      return As<model::BuildIndex>(e) &&
                             e.command.fault.kind == FaultKind::kRoleChangeBeforeCommit &&
                             Mus(e) == 0;
                    }});
    rows.push_back({"discard unflushed data", "firing",
                    [](E e) { return As<model::DiscardUnflushed>(e) && Ok(e) && Mus(e) == 1; }});
  }
  if (config.auto_compact_threshold > 0) {
    rows.push_back({"follow-on compaction", "firing", [](E e) {
                      return (As<model::Flush>(e) || As<model::EditRegion>(e)) && Ok(e) &&
                             Sfws(e) >= (As<model::Flush>(e) ? 2 : 1);
                    }});
  }
  return rows;
}

}  // namespace hookcheck::properties
