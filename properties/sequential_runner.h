// File: properties/sequential_runner.h
// Defines `SequentialChecker`, which drives an engine and the model side by side, one command at
// a time, waiting until the engine is idle after each, and `RunSequence`, which does it for a whole
// sequence and stops at the first step that does not conform.
// Thread-safety: externally synchronized.
#ifndef HOOKCHECK_PROPERTIES_SEQUENTIAL_RUNNER_H_
#define HOOKCHECK_PROPERTIES_SEQUENTIAL_RUNNER_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/hook_event.h"
#include "model/config.h"
#include "model/expectation.h"
#include "model/observation.h"
#include "model/op.h"
#include "model/region_state.h"
#include "properties/trace_checker.h"

namespace hookcheck::properties {

// The observable state after a step, as the model predicts it and as the engine shows it. Its size
// grows with the live files, so a run keeps it only where a report draws it (see StepRecord).
struct StepObservations {
  model::Observation model;
  model::Observation engine;
};

struct StepRecord {
  size_t number = 0;  // 1-based position in the sequence
  model::Command command;
  model::Expectation expect;
  model::ErrorCode actual = model::ErrorCode::kOk;
  std::vector<engine::HookEvent> events;
  // Set by SequentialChecker::Apply, unless the engine's run stopped. A run keeps it only on a step that does not conform
  // (KeepForReport), so a run of N steps holds O(N) and not O(N x live files).
  std::optional<StepObservations> observations;
  std::vector<std::string> problems;  // empty iff the step conforms
  // Set iff the engine's run stopped at this step (then its report is the only problem).
  std::optional<engine::RunStop::Kind> stop;
  // Known upstream defects this step showed (TraceChecker::upstream_defects); not problems.
  std::vector<std::string> upstream_defects;

  bool ok() const { return problems.empty(); }
};

class SequentialChecker {
 public:
  // `engine` must be freshly opened (a created, Writable region with nothing written).
  SequentialChecker(engine::Engine* engine, const model::ModelConfig& config);

  // Runs `command` on both sides and compares reply, callbacks and observable state.
  StepRecord Apply(const model::Command& command);

  const model::RegionState& model_state() const { return state_; }
  size_t steps_run() const { return steps_; }

 private:
  engine::Engine* const engine_;
  const model::ModelConfig config_;
  model::RegionState state_;
  TraceChecker trace_checker_;
  size_t steps_ = 0;
};

// Drops what no report of a conforming step shows: its observations. Every field the text report
// (FormatRun) and the HTML timeline print of such a step stays.
void KeepForReport(StepRecord* step);

struct RunResult {
  // Every step run, each as KeepForReport leaves it; the last one failed iff !passed().
  std::vector<StepRecord> steps;
  std::optional<size_t> failed_index;  // 0-based

  bool passed() const { return !failed_index.has_value(); }
  // The exit code of the run (base/exit_codes.h): pass, a violation, or, when the engine's run
  // stopped at the failing step, unknown (a budget ran out) or bad input (a schedule that does
  // not fit).
  int ExitCode() const;
};

RunResult RunSequence(engine::Engine* engine, const model::ModelConfig& config,
                      const std::vector<model::Command>& commands);

// "step 7 ApplyStaging expr=1: <problem>\n  <problem>..."
std::string FormatStepFailure(const StepRecord& step);
// The whole sequence, one command a line, the failing step marked and its diff under it.
std::string FormatRun(const RunResult& run);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_SEQUENTIAL_RUNNER_H_
