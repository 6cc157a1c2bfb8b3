#include "properties/engine_factory.h"

#include <cstdio>
#include <cstdlib>

namespace hookcheck::properties {

engine::EngineOptions ToEngineOptions(const CheckConfig& config) {
  engine::EngineOptions options = engine::OptionsFor(config.model, config.mutant);
  options.runtime = config.runtime;
  options.schedule = config.schedule;
  return options;
}

std::unique_ptr<engine::RefEngine> OpenRefEngine(const CheckConfig& config) {
  std::string error;
  std::unique_ptr<engine::RefEngine> engine =
      engine::RefEngine::Open(ToEngineOptions(config), &error);
  if (!engine) {
    std::fprintf(stderr, "hookcheck: invalid reference engine options: %s\n", error.c_str());
    std::abort();
  }
  return engine;
}

std::unique_ptr<engine::Engine> MakeRefEngine(const CheckConfig& config) {
  return OpenRefEngine(config);
}

EngineFactory RefEngineFactory(const CheckConfig& config) {
  return [config] { return MakeRefEngine(config); };
}

}  // namespace hookcheck::properties
