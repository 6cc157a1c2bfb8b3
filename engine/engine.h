// File: engine/engine.h
// Defines `Engine`, what a checked implementation offers the harness: run a command on the one
// region, wait until idle, show its observable state, and hand over the callbacks it fired.
// Implementations: RefEngine (engine/ref_engine.h) and the adapters for external engines.
// Thread-safety: externally synchronized; the harness drives an Engine from one thread.
#ifndef HOOKCHECK_ENGINE_ENGINE_H_
#define HOOKCHECK_ENGINE_ENGINE_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/hook_event.h"
#include "model/observation.h"
#include "model/op.h"
#include "model/types.h"

namespace hookcheck::engine {

// Why an engine's run stopped (Engine::RunStopped).
struct RunStop {
  enum class Kind : uint8_t {
    kViolation,    // a deadlock, a hook entered under the manifest lock, a task that failed
    kUnknown,      // a step budget ran out: nothing is known, so never a pass
    kBadSchedule,  // the --schedule given does not fit the run: bad input
  };
  Kind kind = Kind::kViolation;
  // Lines naming each task's wait site and held locks, then "schedule: ...".
  std::string report;
};

class Engine {
 public:
  virtual ~Engine() = default;

  // Submits `command` and blocks until its reply; follow-on work may still be running.
  virtual model::ErrorCode Submit(const model::Command& command) = 0;

  // Blocks until no task of the engine runs or is queued.
  virtual void WaitIdle() = 0;

  // The region's observable state. REQUIRES: idle.
  virtual model::Observation Observe() = 0;

  // Every callback recorded since the last call, in recording order.
  virtual std::vector<HookEvent> TakeEvents() = 0;

  // Why the engine's run stopped, once it has; nullopt while it goes on. A stopped engine answers
  // nothing more, so the harness reports this instead of comparing. Default: never stops.
  virtual std::optional<RunStop> RunStopped() const { return std::nullopt; }

  // A short name for reports: "ref", "ref+mutant:mu_under_manifest_lock", "process:./my-engine".
  virtual std::string Name() const = 0;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_ENGINE_H_
