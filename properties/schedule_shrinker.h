// File: properties/schedule_shrinker.h
// Defines `ShrinkSchedule`, the pass after a failing sequence's ops are shrunk: on the
// deterministic runtime the failing run's decisions form a replay string, and this finds the
// shortest prefix of it under which the same ops still fail (past its end every decision is the
// default: the task that ran goes on, so a shorter string is a schedule with fewer forced
// switches). The empty string comes first: a failure that needs no forced decision does not
// depend on the schedule at all.
// Thread-safety: reentrant; runs reference engines of its own.
#ifndef HOOKCHECK_PROPERTIES_SCHEDULE_SHRINKER_H_
#define HOOKCHECK_PROPERTIES_SCHEDULE_SHRINKER_H_

#include <optional>
#include <vector>

#include "engine/runtime/strategy.h"
#include "model/op.h"
#include "properties/engine_factory.h"

namespace hookcheck::properties {

struct ShrunkSchedule {
  runtime::Strategy schedule;         // replay:...; the ops fail under it
  size_t failing_decisions = 0;       // the length of the failing run's own replay string
  bool schedule_independent = false;  // the ops fail with every decision the default
  int runs = 0;                       // sequences run
};

// Nullopt unless `config` runs RefEngine on the deterministic runtime, `commands` fails under
// `config.schedule` (a run that passes has no failing schedule to shrink), and a failing
// schedule is found (the failing run's own replay string fails again, unless the run is not
// reproducible).
std::optional<ShrunkSchedule> ShrinkSchedule(const std::vector<model::Command>& commands,
                                             const CheckConfig& config);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_SCHEDULE_SHRINKER_H_
