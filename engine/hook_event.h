// File: engine/hook_event.h
// Defines `HookEvent`, one recorded callback as the checkers see it, `LockHeld`, and
// `LockEvent`, one manifest-lock acquire or release (process protocol v2).
// Thread-safety: immutable value.
#ifndef HOOKCHECK_ENGINE_HOOK_EVENT_H_
#define HOOKCHECK_ENGINE_HOOK_EVENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "model/types.h"

namespace hookcheck::engine {

// Which half of the manifest lock the calling thread held when the callback ran.
enum class LockHeld : uint8_t { kNone, kRead, kWrite };

struct HookEvent {
  model::Callback callback = model::Callback::kManifestUpdated;
  model::RegionId region = 1;
  model::Version version = 0;          // MU only
  std::vector<model::Action> actions;  // MU only
  std::vector<model::FileId> files;    // SFW: written, ascending; GC: removed_files, ascending
  std::vector<model::SstFileInfo> file_infos;  // SFW only: one per file of `files`, same order
  bool gc_region_dropped = false;              // GC only: RegionGcInfo::is_region_dropped
  bool gc_full_listing = false;                // GC only: RegionGcInfo::full_file_listing
  uint64_t thread = 0;                         // a small per-engine thread number (0: unknown)
  LockHeld lock_held = LockHeld::kNone;
  std::string lock_site;        // where the held lock was taken, when held
  bool on_compactor = false;    // fired on the remote compactor node
  bool on_worker_loop = false;  // the calling thread was a region worker loop thread
  // The engine reported the payload fields (file_infos, the Edit/Truncate payload fields, the GC
  // info). False only for a process engine that sends no "file_infos" key: its calls are then
  // compared by shape, and the reports say the payload fields were not checked.
  bool payload_reported = true;
  uint64_t seq = 0;  // logical time: position in the whole trace, from 1
};

// One acquire or release of a manifest lock, numbered on the same `seq` counter as the callbacks
// of the same recorder, so the two merge into one stream in the order they happened.
struct LockEvent {
  bool acquire = true;               // false: a release
  LockHeld mode = LockHeld::kWrite;  // kRead or kWrite, never kNone
  uint64_t thread = 0;               // the recorder's thread number, as in HookEvent
  uint64_t seq = 0;
  std::string site;   // acquire only: where it was taken
  uint64_t lock = 1;  // which manifest lock: 1 the datanode's, 2 the compactor's
  bool on_compactor = false;
};

std::string_view Name(LockHeld l);
// "#12 MU v5 [Edit(+3)] thread 2", with " ON THE WORKER LOOP" when so, and " UNDER MANIFEST WRITE
// LOCK taken at ..." when held.
std::string ToString(const HookEvent& e);

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_HOOK_EVENT_H_
