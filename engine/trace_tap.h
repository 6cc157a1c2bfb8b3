// File: engine/trace_tap.h
// Defines `TraceTap`, a listener HookRecorder tells of each callback and manifest-lock event it
// records, synchronously on the thread that caused it: how an engine library forwards RefEngine's
// stream to the C ABI's host callbacks (engine/abi/hookcheck_engine_abi.h) as it happens.
// Thread-safety: implementations must be thread-safe; the engine's threads call them at once.
#ifndef HOOKCHECK_ENGINE_TRACE_TAP_H_
#define HOOKCHECK_ENGINE_TRACE_TAP_H_

#include "engine/hook_event.h"

namespace hookcheck::engine {

class TraceTap {
 public:
  virtual ~TraceTap() = default;
  // A recorded callback (seq and thread set), called before the hook returns, outside the
  // recorder's mutex. It may run while the thread holds a manifest lock (the bug it reports).
  virtual void OnCallback(const HookEvent& event) = 0;
  // A recorded lock event, called while the thread holds the lock (ManifestLock tells its
  // observer after acquiring and before releasing), so the order the tap sees is one a
  // reader-writer lock can produce.
  virtual void OnLock(const LockEvent& event) = 0;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_TRACE_TAP_H_
