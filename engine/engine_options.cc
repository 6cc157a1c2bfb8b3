#include "engine/engine_options.h"

namespace hookcheck::engine {

const char* Name(RuntimeKind kind) {
  return kind == RuntimeKind::kThreads ? "threads" : "deterministic";
}

EngineOptions OptionsFor(const model::ModelConfig& config, Mutant mutant) {
  EngineOptions options;
  options.contract = config.contract;
  options.record_payloads = config.payloads;
  options.auto_compact_threshold = config.auto_compact_threshold;
  options.index_mode = config.index_mode;
  options.skip_wal = config.skip_wal;
  options.index_build_slots = config.index_build_slots;
  options.remote_counter = config.remote_counter;
  options.mutant = mutant;
  return options;
}

}  // namespace hookcheck::engine
