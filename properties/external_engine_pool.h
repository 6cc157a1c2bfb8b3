// File: properties/external_engine_pool.h
// Defines `ExternalEnginePool`, the engines a check of an external engine (`conform`) runs on:
// a factory per configuration whose engines record the engine's first break, with the commands
// that led to it, and go back to the pool for a reset when a protocol 2 process or a library can
// serve the next sequence; and `Breakage`, that first break.
// Thread-safety: thread-safe (with -j N, N checkers make and return engines at once).
#ifndef HOOKCHECK_PROPERTIES_EXTERNAL_ENGINE_POOL_H_
#define HOOKCHECK_PROPERTIES_EXTERNAL_ENGINE_POOL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/external_engine.h"
#include "engine/process_engine.h"
#include "model/config.h"
#include "model/op.h"
#include "properties/engine_factory.h"
#include "properties/external_engine_factory.h"
#include "properties/progress.h"
#include "properties/run_stop.h"

namespace hookcheck::properties {

// The first break of the engine, shared by every engine a run makes: after it, the factory
// refuses to start more (a hanging engine would otherwise cost a timeout per sequence, and
// RapidCheck would try to shrink a broken engine). Guarded by ExternalEnginePool::mu_.
struct Breakage {
  bool happened = false;
  std::string error;
  engine::ProcessState state = engine::ProcessState::kRunning;
  model::ModelConfig config;              // of the engine that broke
  std::vector<model::Command> submitted;  // what it ran, the breaking command last
  std::string engine_name;                // from the first hello that succeeded
};

// Makes the engine of each sequence: a fresh process for a version 1 engine; for a version 2
// process or a library, one of the idle engines reset for the sequence's contract, else a fresh
// one.
// Thread-safe: with -j N, N checkers call Factory's engines at once.
class ExternalEnginePool {
 public:
  ExternalEnginePool(const ExternalEngineSpec& spec, const RunStop* stop, Progress* progress)
      : spec_(spec), stop_(stop), progress_(progress) {}

  const RunStop& stop() const { return *stop_; }
  Progress& progress() { return *progress_; }

  EngineFactory Factory(const model::ModelConfig& config) {
    return [this, config]() -> std::unique_ptr<engine::Engine> { return Make(config); };
  }

  // Records the first break (under the lock: engines break on several threads with -j).
  void RecordBreak(const engine::ExternalEngine& e, const model::ModelConfig& config)
      REQUIRES(!mu_) {
    MutexLock l(&mu_);
    if (breakage_.happened) return;
    breakage_.happened = true;
    breakage_.error = e.error();
    breakage_.state = e.state();
    breakage_.config = config;
    breakage_.submitted = e.submitted();
  }

  // Takes back an engine a checker is done with: kept for a reset iff it can serve one.
  void Return(std::unique_ptr<engine::ExternalEngine> e, const model::ModelConfig& config)
      REQUIRES(!mu_) {
    if (!e || e->broken() || !e->supports_reset()) return;
    MutexLock l(&mu_);
    if (breakage_.happened) return;
    idle_.push_back({std::move(e), config});
  }

  Breakage breakage() const REQUIRES(!mu_) {
    MutexLock l(&mu_);
    return breakage_;
  }
  bool broke() const REQUIRES(!mu_) {
    MutexLock l(&mu_);
    return breakage_.happened;
  }

  // "2510 sequences in 3 engine processes (2507 resets)".
  std::string Reuse() const REQUIRES(!mu_) {
    MutexLock l(&mu_);
    const std::string unit = spec_.Unit();
    return std::to_string(sequences_) + " sequences in " + std::to_string(started_) + " " + unit +
           (started_ == 1        ? ""
            : unit.back() == 's' ? "es"
                                 : "s") +
           " (" + std::to_string(resets_) + " resets)";
  }

  // " --engine-cmd 'CMD'" or " --engine-lib 'PATH'" (ExternalEngineSpec::Flags).
  std::string EngineFlags() const { return spec_.Flags(); }

 private:
  struct Idle {
    std::unique_ptr<engine::ExternalEngine> engine;
    model::ModelConfig config;  // of the sequence it ran last
  };

  [[noreturn]] void ThrowBroken() REQUIRES(!mu_) {
    Breakage b = breakage();
    throw engine::EngineBroke(b.state, b.error);
  }

  std::unique_ptr<engine::Engine> Make(const model::ModelConfig& config) REQUIRES(!mu_);

  std::optional<Idle> TakeIdle() REQUIRES(!mu_) {
    MutexLock l(&mu_);
    if (idle_.empty()) return std::nullopt;
    Idle out = std::move(idle_.back());
    idle_.pop_back();
    return out;
  }

  void Count(bool started) REQUIRES(!mu_) {
    MutexLock l(&mu_);
    ++sequences_;
    (started ? started_ : resets_)++;
  }

  const ExternalEngineSpec spec_;
  const RunStop* const stop_;
  Progress* const progress_;
  mutable Mutex mu_;
  Breakage breakage_ GUARDED_BY(mu_);
  std::vector<Idle> idle_ GUARDED_BY(mu_);
  uint64_t sequences_ GUARDED_BY(mu_) = 0;
  uint64_t started_ GUARDED_BY(mu_) = 0;
  uint64_t resets_ GUARDED_BY(mu_) = 0;
};

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXTERNAL_ENGINE_POOL_H_
