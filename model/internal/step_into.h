// File: model/internal/step_into.h
// Declares `StepInto`, `Step` writing into a caller-owned result so that a caller stepping many
// times (the model checker) reuses the result's heap storage instead of reallocating it per step.
// Thread-safety: pure function of its inputs; `*out` is externally synchronized.
#ifndef HOOKCHECK_MODEL_INTERNAL_STEP_INTO_H_
#define HOOKCHECK_MODEL_INTERNAL_STEP_INTO_H_

#include "model/config.h"
#include "model/op.h"
#include "model/region_state.h"
#include "model/step.h"

namespace hookcheck::model::step_internal {

// Sets `*out` to Step(state, command, config): the same value, whatever `*out` held before.
// `state` may be `out->next`.
void StepInto(const RegionState& state, const Command& command, const ModelConfig& config,
              StepResult* out);

}  // namespace hookcheck::model::step_internal

#endif  // HOOKCHECK_MODEL_INTERNAL_STEP_INTO_H_
