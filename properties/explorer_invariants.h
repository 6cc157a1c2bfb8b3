// File: properties/explorer_invariants.h
// Defines `EdgeView`, one model transition as the model checker sees it, and `Invariant`, a named
// predicate the checker evaluates on every explored edge. `DefaultInvariants()` is the table of
// what must hold of the model itself (docs/contract.md §1, §4, §5); a test adds a deliberately
// false predicate to see it caught with its shortest path.
// Thread-safety: immutable values; predicates are pure and may run any number of times.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_INVARIANTS_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_INVARIANTS_H_

#include <functional>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/op.h"
#include "model/region_state.h"
#include "model/step.h"

namespace hookcheck::properties {

// One transition: `before` --command--> `result.next`, firing `result.expect`.
struct EdgeView {
  const model::RegionState& before;
  const model::Command& command;
  const model::StepResult& result;
  const model::ModelConfig& config;
};

struct Invariant {
  std::string name;  // snake_case, stable: reports and tests refer to it
  std::string rule;  // one sentence: what must hold
  // Returns "" when the edge satisfies the rule, else what broke it ("MU v3 after MU v5").
  std::function<std::string(const EdgeView&)> check;
};

// The invariants of the model, in report order.
const std::vector<Invariant>& DefaultInvariants();

// The errors that refuse an op outright: the op must fire nothing. kRegionState is one of them
// except after a role-change fault, whose refused commit comes after the SFW it follows.
bool IsRefusal(model::ErrorCode e);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_INVARIANTS_H_
