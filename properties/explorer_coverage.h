// File: properties/explorer_coverage.h
// Defines what the model checker counts as covered: `Situation`, a state abstracted to its role
// (when open) or its presence, crossed with the op kind; and `CoverageRow`, a named predicate on
// an edge for each row of the contract's coverage table, each non-firing path and each fault row.
// Thread-safety: immutable values; predicates are pure.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_COVERAGE_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_COVERAGE_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/region_state.h"
#include "properties/explorer_invariants.h"

namespace hookcheck::properties {

// 0..8: open in model::RoleState `i`; 9: closed; 10: dropped.
inline constexpr int kSituationCount = model::kRoleStateCount + 2;
int SituationOf(const model::RegionState& s);
std::string_view SituationName(int situation);  // "W", "S", ..., "closed", "dropped"
// True for the situations a sequential check can be in after an op (F, W, S, Dg, closed,
// dropped): the only ones the explorer can start an op from.
bool SequentiallyReachable(int situation);

struct CoverageRow {
  CoverageRow(std::string name, std::string group, std::function<bool(const EdgeView&)> matches,
              bool required = true, std::string note = {})
      : name(std::move(name)),
        group(std::move(group)),
        matches(std::move(matches)),
        required(required),
        note(std::move(note)) {}

  std::string name;   // "flush", "apply staging (MU twice)", "fault: save fails", ...
  std::string group;  // "firing", "non-firing", "fault", "refusal"
  std::function<bool(const EdgeView&)> matches;
  // False for a row the contract describes but a sequential run cannot reach; `note` says why.
  // The explorer reports it and never fails for it. Default: true.
  bool required = true;
  std::string note;
};

// Every row the CI exploration must reach, in report order. `config` selects the rows that exist
// under it (e.g. the two-MU apply staging is the seed contract's).
std::vector<CoverageRow> DefaultCoverageRows(const model::ModelConfig& config);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_COVERAGE_H_
