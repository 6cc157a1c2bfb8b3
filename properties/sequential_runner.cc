#include "properties/sequential_runner.h"

#include "base/exit_codes.h"
#include "model/op_text.h"
#include "model/step.h"

namespace hookcheck::properties {
namespace {

// Each non-empty line of `text`, indented by two spaces, as one problem.
void AppendIndented(const std::string& text, std::vector<std::string>* problems) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) problems->push_back("  " + text.substr(pos, end - pos));
    pos = end + 1;
  }
}

}  // namespace

SequentialChecker::SequentialChecker(engine::Engine* engine, const model::ModelConfig& config)
    : engine_(engine), config_(config), state_(model::InitialState()) {}

StepRecord SequentialChecker::Apply(const model::Command& command) {
  StepRecord record;
  record.number = ++steps_;
  record.command = command;

  model::StepResult predicted = model::Step(state_, command, config_);
  state_ = std::move(predicted.next);
  record.expect = std::move(predicted.expect);

  record.actual = engine_->Submit(command);
  engine_->WaitIdle();
  record.events = engine_->TakeEvents();
  if (std::optional<engine::RunStop> stopped = engine_->RunStopped()) {
    // Nothing the engine answers now is its behaviour: the stop is the step's only problem.
    record.stop = stopped->kind;
    record.problems.push_back("the engine's run stopped:");
    AppendIndented(stopped->report, &record.problems);
    return record;
  }

  record.problems = trace_checker_.CheckStep(command, record.expect, record.actual, record.events);
  record.upstream_defects = trace_checker_.upstream_defects();

  StepObservations& seen = record.observations.emplace();
  seen.model = model::Observe(state_);
  seen.engine = engine_->Observe();
  if (std::string diff = model::Diff(seen.model, seen.engine); !diff.empty()) {
    record.problems.push_back("observable state differs after the step:");
    AppendIndented(diff, &record.problems);
  }
  return record;
}

int RunResult::ExitCode() const {
  if (passed()) return kExitPass;
  const std::optional<engine::RunStop::Kind> stop = steps[*failed_index].stop;
  if (stop == engine::RunStop::Kind::kUnknown) return kExitUnknown;
  if (stop == engine::RunStop::Kind::kBadSchedule) return kExitBadInput;
  return kExitViolation;
}

void KeepForReport(StepRecord* step) {
  if (step->ok()) step->observations.reset();
}

RunResult RunSequence(engine::Engine* engine, const model::ModelConfig& config,
                      const std::vector<model::Command>& commands) {
  RunResult run;
  SequentialChecker checker(engine, config);
  for (const model::Command& command : commands) {
    run.steps.push_back(checker.Apply(command));
    KeepForReport(&run.steps.back());
    if (!run.steps.back().ok()) {
      run.failed_index = run.steps.size() - 1;
      break;
    }
  }
  return run;
}

std::string FormatStepFailure(const StepRecord& step) {
  std::string out =
      "step " + std::to_string(step.number) + " " + model::FormatCommand(step.command) + ":";
  for (size_t i = 0; i < step.problems.size(); ++i) {
    const std::string& p = step.problems[i];
    out += (i == 0 ? " " : "\n  ") + p;
  }
  return out;
}

std::string FormatRun(const RunResult& run) {
  std::string out;
  for (const StepRecord& step : run.steps) {
    out += (step.ok() ? "   " : "!! ") + std::to_string(step.number) + ". " +
           model::FormatCommand(step.command) + "   -> " + std::string(model::Name(step.actual)) +
           ", " + CountCalls(step.events) + "\n";
    for (const std::string& defect : step.upstream_defects)
      out += "      upstream defect: " + defect + "\n";
  }
  if (!run.passed()) out += FormatStepFailure(run.steps[*run.failed_index]) + "\n";
  return out;
}

}  // namespace hookcheck::properties
