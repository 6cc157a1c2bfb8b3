// One scenario per behaviour the later contract versions add (hook-paths.md §10; docs/contract.md
// §7). Every literal is written by hand from §10's table and the upstream code it cites
// (c70cbaa132 for V2, d9b58edbb0 for V4, 52ba89bb10 and HEAD for V5), never printed by the model
// or the engine. Each catches a version mutant (engine/mutant.h) or pins a version gate.
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

using model::ContractVersion;
using model::ErrorCode;
using model::ModelConfig;
constexpr ErrorCode kOk = ErrorCode::kOk;

ModelConfig At(ContractVersion v) { return ModelConfig{.contract = v}; }
ModelConfig V2() { return At(ContractVersion::kLifecycle); }
ModelConfig V4() { return At(ContractVersion::kGc); }
ModelConfig V5() { return At(ContractVersion::kHead); }

const std::vector<Scenario>& Build() {
  static const std::vector<Scenario> all = {
      {.name = "V2CreateAfterDropFiresRegionOpened",
       .spec =
           "hook-paths §10 (V2): on_region_opened before insert_region; worker/handle_create.rs",
       .config = V2(),
       .setup = {"Drop"},
       .act = "Create",
       .result = kOk,
       .calls = {"OPENED"},
       .role_after = model::RoleState::kWritable},
      {.name = "V2OpenFiresRegionOpened",
       .spec =
           "hook-paths §10 (V2): on_region_opened in the spawned open task; worker/handle_open.rs",
       .config = V2(),
       .setup = {"Close"},
       .act = "Open",
       .result = kOk,
       .calls = {"OPENED"},
       .role_after = model::RoleState::kFollower},
      {.name = "V2CatchupReopenFiresNoRegionOpened",
       .spec = "hook-paths §10 (V2): not for catch-up reopen; erratum 16 (a memtable forces the "
               "reopen)",
       .config = V2(),
       .setup = {"Put ts=1", "SetRole role=F"},
       .act = "Catchup set_writable=0",
       .result = kOk,
       .calls = {},
       .role_after = model::RoleState::kFollower},
      {.name = "V2CloseFiresRegionClosed",
       .spec = "hook-paths §10 (V2): on_region_closed on WL inside remove_region; "
               "worker/handle_close.rs",
       .config = V2(),
       .setup = {},
       .act = "Close",
       .result = kOk,
       .calls = {"CLOSED"},
       .presence_after = model::Presence::kClosed},
      {.name = "V2CloseFlushesBeforeRegionClosed",
       .spec = "hook-paths §10 (V2): on_region_closed after stop(), so after the close flush's SFW "
               "and MU",
       .config = ModelConfig{.contract = ContractVersion::kLifecycle, .skip_wal = true},
       .setup = {"Put ts=1"},
       .act = "Close",
       .result = kOk,
       .calls = {"SFW 1", "MU v1 Edit +1", "CLOSED"},
       .presence_after = model::Presence::kClosed},
      {.name = "V2DropFiresRegionDroppedThenFilesRemoved",
       .spec = "hook-paths §10 (V2): on_region_dropped on WL, then on_region_files_removed in the "
               "drop task",
       .config = V2(),
       .setup = {"Put ts=1", "Flush"},
       .act = "Drop",
       .result = kOk,
       .calls = {"DROPPED", "FILES_REMOVED"},
       .presence_after = model::Presence::kDropped},
      {.name = "V1CloseFiresNoLifecycleCallback",
       .spec = "hook-paths §10: V1 has SFW and MU only",
       .setup = {},
       .act = "Close",
       .result = kOk,
       .calls = {},
       .presence_after = model::Presence::kClosed},
      {.name = "V4GcFullListingFiresRegionGc",
       .spec =
           "hook-paths §10 (V4): on_region_gc when files were deleted or full_file_listing; gc.rs",
       .config = V4(),
       .setup = {},
       .act = "Gc full_listing=1",
       .result = kOk,
       .calls = {"GC full_listing"}},
      {.name = "V4GcWithoutDeletionsOrListingFiresNothing",
       .spec = "hook-paths §10 (V4): no deleted files and no full listing: no on_region_gc",
       .config = V4(),
       .setup = {},
       .act = "Gc full_listing=0",
       .result = kOk,
       .calls = {}},
      {.name = "V5OfflineCleanupFiresRegionGcForADroppedRegion",
       .spec = "hook-paths §10 (V5): handle_offline_cleanup_request, removed_files=[], dropped, "
               "full listing",
       .config = V5(),
       .setup = {"Drop"},
       .act = "OfflineCleanup",
       .result = kOk,
       .calls = {"GC dropped full_listing"},
       .presence_after = model::Presence::kDropped},
      {.name = "V4OfflineCleanupIsUnsupported",
       .spec = "hook-paths §10: offline cleanup arrives in 52ba89bb10 (V5)",
       .config = V4(),
       .setup = {"Drop"},
       .act = "OfflineCleanup",
       .result = ErrorCode::kUnsupported,
       .calls = {}},
      {.name = "V5CancelledFlushFiresSstWrittenOnly",
       .spec = "hook-paths §10 (25090b9f54): a cancelled flush gives SFW without MU",
       .config = V5(),
       .setup = {"Put ts=1"},
       .act = "Flush fault=flush_cancelled",
       .result = ErrorCode::kCancelled,
       .calls = {"SFW 1"},
       .live_files_after = std::vector<model::FileId>{}},
      {.name = "V5DiscardUnflushedFiresManifestUpdate",
       .spec = "hook-paths §10 (c59ec0154e): Edit{flushed_entry_id, flushed_sequence only} under "
               "Truncating",
       .config = V5(),
       .setup = {"Put ts=1"},
       .act = "DiscardUnflushed",
       .result = kOk,
       .calls = {"MU v1 Edit"},
       .role_after = model::RoleState::kWritable},
  };
  return all;
}

}  // namespace

std::span<const Scenario> VersionScenarios() { return Build(); }

}  // namespace hookcheck::scenarios
