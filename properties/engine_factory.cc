#include "properties/engine_factory.h"

#include <cstdio>
#include <cstdlib>

#include "engine/ref_engine.h"

namespace hookcheck::properties {

engine::EngineOptions ToEngineOptions(const CheckConfig& config) {
  engine::EngineOptions options;
  options.contract = config.model.contract;
  options.record_payloads = config.model.payloads;
  options.auto_compact_threshold = config.model.auto_compact_threshold;
  options.index_mode = config.model.index_mode;
  options.skip_wal = config.model.skip_wal;
  options.index_build_slots = config.model.index_build_slots;
  options.remote_counter = config.model.remote_counter;
  options.mutant = config.mutant;
  return options;
}

std::unique_ptr<engine::Engine> MakeRefEngine(const CheckConfig& config) {
  std::string error;
  std::unique_ptr<engine::RefEngine> engine = engine::RefEngine::Open(ToEngineOptions(config), &error);
  if (!engine) {
    std::fprintf(stderr, "hookcheck: invalid reference engine options: %s\n", error.c_str());
    std::abort();
  }
  return engine;
}

EngineFactory RefEngineFactory(const CheckConfig& config) {
  return [config] { return MakeRefEngine(config); };
}

}  // namespace hookcheck::properties
