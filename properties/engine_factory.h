// File: properties/engine_factory.h
// Defines `CheckConfig` (the model's parameters plus the engine under check) and the factory that
// builds a RefEngine whose options match the model's.
// Thread-safety: pure functions.
#ifndef HOOKCHECK_PROPERTIES_ENGINE_FACTORY_H_
#define HOOKCHECK_PROPERTIES_ENGINE_FACTORY_H_

#include <functional>
#include <memory>
#include <string>

#include "engine/engine.h"
#include "engine/engine_options.h"
#include "engine/mutant.h"
#include "engine/ref_engine.h"
#include "model/config.h"

namespace hookcheck::properties {

struct CheckConfig {
  model::ModelConfig model;
  engine::Mutant mutant = engine::Mutant::kNone;  // the seeded bug switched on in RefEngine
  // What RefEngine's tasks run on, and the deterministic runtime's strategy (EngineOptions).
  engine::RuntimeKind runtime = engine::RuntimeKind::kDeterministic;
  runtime::Strategy schedule = runtime::Strategy::Random(0);
};

// The engine options that make RefEngine implement the contract `config.model` describes.
engine::EngineOptions ToEngineOptions(const CheckConfig& config);

// A fresh RefEngine (one created, Writable region). Never null: invalid options abort with a
// message, since they are a harness bug, not an engine failure.
std::unique_ptr<engine::Engine> MakeRefEngine(const CheckConfig& config);
// The same as the concrete type, for what asks RefEngine itself (its runtime's report).
std::unique_ptr<engine::RefEngine> OpenRefEngine(const CheckConfig& config);

// Makes a fresh engine for each sequence a check runs.
using EngineFactory = std::function<std::unique_ptr<engine::Engine>()>;
EngineFactory RefEngineFactory(const CheckConfig& config);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_ENGINE_FACTORY_H_
