// File: model/step.h
// Defines `Step`, the executable contract: from a region state and a command, the next state and
// the `Expectation` of what an engine must fire and return.
// Thread-safety: pure function.
#ifndef HOOKCHECK_MODEL_STEP_H_
#define HOOKCHECK_MODEL_STEP_H_

#include "model/config.h"
#include "model/expectation.h"
#include "model/op.h"
#include "model/region_state.h"

namespace hookcheck::model {

struct StepResult {
  RegionState next;
  Expectation expect;
};

// Every command is accepted in every state: a refusal is part of the contract (an error code and
// no callback), so there are no preconditions. Sequential semantics: the op and all its follow-on
// work run to completion before the next op starts.
StepResult Step(const RegionState& state, const Command& command, const ModelConfig& config);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_STEP_H_
