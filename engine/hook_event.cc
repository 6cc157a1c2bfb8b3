#include "engine/hook_event.h"

namespace hookcheck::engine {

std::string_view Name(LockHeld l) {
  switch (l) {
    case LockHeld::kNone:
      return "none";
    case LockHeld::kRead:
      return "read";
    case LockHeld::kWrite:
      return "write";
  }
  return "?";
}

std::string ToString(const HookEvent& e) {
  std::string out = "#" + std::to_string(e.seq) + " ";
  out += model::CallString(e.callback, e.files, e.version, e.actions, e.gc_region_dropped,
                           e.gc_full_listing);
  if (e.on_compactor) out += " on compactor";
  out += " thread " + std::to_string(e.thread);
  if (e.on_worker_loop) out += " ON THE WORKER LOOP";
  if (e.lock_held != LockHeld::kNone) {
    out += " UNDER MANIFEST " + std::string(e.lock_held == LockHeld::kWrite ? "WRITE" : "READ") +
           " LOCK";
    if (!e.lock_site.empty()) out += " taken at " + e.lock_site;
  }
  return out;
}

}  // namespace hookcheck::engine
