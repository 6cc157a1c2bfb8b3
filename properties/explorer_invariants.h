// File: properties/explorer_invariants.h
// Defines `EdgeView`, one model transition as the model checker sees it, and `Invariant`, a named
// predicate the checker evaluates on every explored edge. `DefaultInvariants()` is the table of
// what must hold of the model itself (docs/contract.md §1, §4, §5); a test adds a deliberately
// false predicate to see it caught with its shortest path.
// An invariant is two plain functions: `holds`, a cheap allocation-free predicate run on every
// edge, and `describe`, which builds the message only for an edge where `holds` is false.
// Thread-safety: immutable values; predicates are pure and may run any number of times.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_INVARIANTS_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_INVARIANTS_H_

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
  // The hot path, run on every edge: true when the edge satisfies the rule. Must not allocate.
  bool (*holds)(const EdgeView&) = nullptr;
  // Run only on an edge where `holds` is false: what broke it ("MU v3 after MU v5"), non-empty.
  std::string (*describe)(const EdgeView&) = nullptr;
};

// "" when `inv` holds on `e`, else inv.describe(e).
std::string Check(const Invariant& inv, const EdgeView& e);

// The invariants of the model, in report order.
const std::vector<Invariant>& DefaultInvariants();

// The errors that refuse an op outright: the op must fire nothing. kRegionState is one of them
// except after a role-change fault, whose refused commit comes after the SFW it follows.
bool IsRefusal(model::ErrorCode e);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_INVARIANTS_H_
