// File: engine/lock_tracker.h
// Defines `LockTracker`, which reads the version 2 event stream of an external engine (callbacks
// and manifest-lock events, docs/process-protocol.md "Version 2: lock events") and derives, for
// each callback, the manifest lock its thread held when it ran. The engine's own `lock_held` is
// only a cross-check. It also refuses a stream no reader-writer lock can produce.
// Thread-safety: externally synchronized (owned by one ProcessEngine).
#ifndef HOOKCHECK_ENGINE_LOCK_TRACKER_H_
#define HOOKCHECK_ENGINE_LOCK_TRACKER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/hook_event.h"
#include "engine/process_protocol.h"

namespace hookcheck::engine {

class LockTracker {
 public:
  // Reads one take_events reply, in order. On success returns "" and appends the callbacks to
  // `*out` with lock_held and lock_site set from the stream. Otherwise returns one line naming
  // the first bad entry by its path under `where` ("events[3]: ..."); `*out` is then partial.
  // Holds carry over from one call to the next (a lock may be held across replies).
  std::string Read(const std::vector<protocol::TraceEntry>& entries, const std::string& where,
                   std::vector<HookEvent>* out);

  // A fresh region: no hold, seq back to 1.
  void Reset() { *this = LockTracker(); }

 private:
  struct Hold {
    LockHeld mode = LockHeld::kNone;
    uint64_t seq = 0;  // of the acquire
    std::string site;
  };
  std::string ReadLock(const LockEvent& e, const std::string& path);
  // What `thread` holds now: write beats read; the hold of the lowest-numbered lock among equals.
  const Hold* Strongest(uint64_t thread) const;

  uint64_t next_seq_ = 1;
  std::map<uint64_t, std::map<uint64_t, Hold>> holders_;  // lock -> thread -> its hold
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_LOCK_TRACKER_H_
