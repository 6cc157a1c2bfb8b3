// File: engine/runtime/explore.h
// Defines `Explore`, which runs a test body on fresh DeterministicRuntimes, one schedule per
// run, as a strategy says: random:SEED and pct:SEED:DEPTH sample `max_runs` schedules (seeds
// SEED, SEED+1, ...); dfs:K enumerates every schedule with at most K preemptions (a preemption:
// a decision that takes another task while the one that ran can go on), depth first, each run
// replaying a prefix of the last one with the next untried choice; replay:CHOICES runs once.
// The first failing run ends it; its report's schedule replays it.
// Thread-safety: thread-compatible; each call runs on the calling thread only.
#ifndef HOOKCHECK_ENGINE_RUNTIME_EXPLORE_H_
#define HOOKCHECK_ENGINE_RUNTIME_EXPLORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/deterministic_runtime.h"
#include "engine/runtime/strategy.h"

namespace hookcheck::runtime {

struct ExploreOptions {
  // Schedules to run. random/pct: how many are sampled; dfs: the budget, past which the verdict
  // is kUnknown. Default: 10,000. REQUIRES: > 0.
  uint64_t max_runs = 10'000;
  // Schedule points per run before it is kBudgetExhausted (kUnknown). Default: 100,000.
  uint64_t max_steps = 100'000;
  // Record every run's trace (RunReport::trace). Default: off.
  bool trace = false;
};

enum class Verdict : uint8_t {
  kPass,      // dfs: every schedule in the bound; random/pct: every sampled one; replay: the one
  kFail,      // a run failed; `report` is its report, `report.schedule` replays it
  kUnknown,   // a budget ran out before a failure or the end of the enumeration
  kBadInput,  // the replay string does not fit the program (`report` says where)
};

struct ExploreResult {
  Verdict verdict = Verdict::kPass;
  uint64_t runs = 0;   // schedules run
  uint64_t steps = 0;  // schedule points over all runs
  RunReport report;    // the failing run's (kFail), the run that ran out (kUnknown)
  std::string Summary(const Strategy& s) const;  // one line
};

// Runs `body` (the main task; it spawns the rest and calls Runtime::Fail on a broken invariant).
ExploreResult Explore(const Strategy& strategy, const ExploreOptions& options,
                      const std::function<void(Runtime&)>& body);

// The dfs successor of a run: the prefix of `decisions` up to the deepest one with an untried
// choice within `max_preemptions`, that choice last; nullopt when every schedule has been run.
std::optional<std::vector<uint8_t>> NextDfsPrefix(const std::vector<Decision>& decisions,
                                                  int max_preemptions);

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_EXPLORE_H_
