// File: properties/sequence_minimizer.h
// Defines `MinimizeFailingSequence`: a one-minimal reduction of a sequence that fails a check,
// run after RapidCheck's shrinking. RapidCheck shrinks a sequence through its generator's
// choices, which can leave commands that only set up an earlier, larger failure; this pass works
// on the sequence itself (delta debugging: drop chunks, then single commands, then faults, then
// non-default parameters), so every command of its result is needed for the failure.
// Thread-safety: reentrant; runs engines made by `factory`.
#ifndef HOOKCHECK_PROPERTIES_SEQUENCE_MINIMIZER_H_
#define HOOKCHECK_PROPERTIES_SEQUENCE_MINIMIZER_H_

#include <vector>

#include "model/config.h"
#include "model/op.h"
#include "properties/engine_factory.h"

namespace hookcheck::properties {

struct Minimized {
  std::vector<model::Command> commands;  // fails; removing any one command makes it pass,
                                         // unless `runs` reached `max_runs`
  int runs = 0;                          // sequences run while minimizing
  bool budget_reached = false;
};

// REQUIRES: `commands` fails on a fresh engine from `factory`. Keeps any smaller variant that
// still fails (at any step, for any reason). At most `max_runs` sequences are run.
Minimized MinimizeFailingSequence(const std::vector<model::Command>& commands,
                                  const EngineFactory& factory, const model::ModelConfig& config,
                                  int max_runs = 2000);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_SEQUENCE_MINIMIZER_H_
