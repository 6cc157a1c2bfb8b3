#include <string>
#include <vector>

#include "model/op_text.h"
#include "properties/sequential_runner.h"
#include "properties/trace_checker.h"
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

std::string FilesText(const std::vector<model::FileId>& files) {
  std::string out;
  for (size_t i = 0; i < files.size(); ++i) out += (i ? "," : "") + std::to_string(files[i]);
  return out;
}

std::string ActionText(const model::Action& a) {
  switch (a.kind) {
    case model::ActionKind::kEdit: {
      std::string out = "Edit";
      if (!a.add.empty()) out += " +" + FilesText(a.add);
      if (!a.remove.empty()) out += " -" + FilesText(a.remove);
      return out;
    }
    case model::ActionKind::kChange:
      return "Change";
    case model::ActionKind::kPartitionExprChange:
      return "PartitionExprChange " + std::to_string(a.expr);
    case model::ActionKind::kTruncateAll:
      return "TruncateAll";
    case model::ActionKind::kTruncatePartial:
      return "TruncatePartial -" + FilesText(a.remove);
  }
  return "?";
}

std::string CallTextOf(model::Callback callback, const std::vector<model::FileId>& files,
                       model::Version version, const std::vector<model::Action>& actions,
                       bool gc_region_dropped, bool gc_full_listing, bool on_compactor) {
  std::string out(model::Name(callback));
  switch (callback) {
    case model::Callback::kSstFilesWritten:
      if (!files.empty()) out += " " + FilesText(files);
      break;
    case model::Callback::kManifestUpdated:
      out += " v" + std::to_string(version);
      for (size_t i = 0; i < actions.size(); ++i) out += (i ? " | " : " ") + ActionText(actions[i]);
      break;
    case model::Callback::kRegionGc:
      if (!files.empty()) out += " " + FilesText(files);
      if (gc_region_dropped) out += " dropped";
      if (gc_full_listing) out += " full_listing";
      break;
    default:
      break;
  }
  if (on_compactor) out += " @compactor";
  return out;
}

std::string JoinCalls(const std::vector<std::string>& calls) {
  if (calls.empty()) return "nothing";
  std::string out;
  for (size_t i = 0; i < calls.size(); ++i) out += (i ? " -> " : "") + calls[i];
  return out;
}

// The scenario's literal end state against one side's observation after the act.
void CheckEndState(const Scenario& s, const std::string& side, const model::Observation& o,
                   std::vector<std::string>* problems) {
  auto mismatch = [&](const std::string& what, const std::string& spec, const std::string& got) {
    problems->push_back(what + " after the act: spec says " + spec + ", " + side + " has " + got);
  };
  if (s.presence_after && o.presence != *s.presence_after) {
    mismatch("presence", std::string(model::Name(*s.presence_after)),
             std::string(model::Name(o.presence)));
  }
  if (o.presence != model::Presence::kOpen) {
    // Only presence is observable; a scenario that expects an open region has been told so above.
    if (!s.presence_after && (s.role_after || s.live_files_after || s.live_expr_after)) {
      mismatch("presence", "open", std::string(model::Name(o.presence)));
    }
    return;
  }
  if (s.role_after && o.role != *s.role_after) {
    mismatch("role", std::string(model::Name(*s.role_after)), std::string(model::Name(o.role)));
  }
  if (s.live_files_after && o.live_files != *s.live_files_after) {
    mismatch("live files", model::ToString(*s.live_files_after), model::ToString(o.live_files));
  }
  if (s.version_after && o.manifest_version != *s.version_after) {
    mismatch("manifest version", "v" + std::to_string(*s.version_after),
             "v" + std::to_string(o.manifest_version));
  }
  if (s.live_expr_after && o.live_partition_expr != *s.live_expr_after) {
    mismatch("live partition expr", std::to_string(*s.live_expr_after),
             std::to_string(o.live_partition_expr));
  }
}

}  // namespace

std::string CallText(const engine::HookEvent& e) {
  return CallTextOf(e.callback, e.files, e.version, e.actions, e.gc_region_dropped,
                    e.gc_full_listing, e.on_compactor);
}

std::string CallText(const model::ExpectedCall& c) {
  return CallTextOf(c.callback, c.files, c.version, c.actions, c.gc_region_dropped,
                    c.gc_full_listing, c.on_compactor);
}

ScenarioOutcome RunScenario(const Scenario& scenario, engine::Engine* engine) {
  ScenarioOutcome outcome;
  properties::SequentialChecker checker(engine, scenario.config);
  auto run = [&](const char* line, bool is_act) -> std::optional<properties::StepRecord> {
    model::ParsedCommand parsed = model::ParseCommand(line);
    if (!parsed.command) {
      outcome.problems.push_back(std::string("scenario text '") + line + "': " + parsed.error);
      return std::nullopt;
    }
    properties::StepRecord step = checker.Apply(*parsed.command);
    outcome.trace += (is_act ? "act   " : "setup ") + model::FormatCommand(step.command) + "  -> " +
                     std::string(model::Name(step.actual)) + ", " +
                     properties::CountCalls(step.events) + "\n";
    if (!step.ok()) outcome.problems.push_back(properties::FormatStepFailure(step));
    return step;
  };

  for (const char* line : scenario.setup) {
    if (!run(line, false) || !outcome.problems.empty()) return outcome;
  }
  std::optional<properties::StepRecord> act = run(scenario.act, true);
  if (!act) return outcome;

  std::vector<std::string> literal(scenario.calls.begin(), scenario.calls.end());
  std::vector<std::string> engine_calls, model_calls;
  for (const engine::HookEvent& e : act->events) engine_calls.push_back(CallText(e));
  for (const model::ExpectedCall& c : act->expect.calls) model_calls.push_back(CallText(c));

  const std::string spec_says =
      std::string(model::Name(scenario.result)) + ": " + JoinCalls(literal);
  if (act->expect.result != scenario.result || model_calls != literal) {
    outcome.problems.push_back("the model disagrees with the spec (" + std::string(scenario.spec) +
                               "): spec says " + spec_says + "; model predicts " +
                               std::string(model::Name(act->expect.result)) + ": " +
                               JoinCalls(model_calls));
  }
  if (act->actual != scenario.result || engine_calls != literal) {
    outcome.problems.push_back("the engine disagrees with the spec (" + std::string(scenario.spec) +
                               "): spec says " + spec_says + "; engine did " +
                               std::string(model::Name(act->actual)) + ": " +
                               JoinCalls(engine_calls));
  }
  // Apply sets the observations unless the engine's run stopped (its only problem, then, and
  // there is no engine state to show); only a run's KeepForReport drops them.
  if (act->observations.has_value()) {
    CheckEndState(scenario, "model", act->observations->model, &outcome.problems);
    CheckEndState(scenario, "engine", act->observations->engine, &outcome.problems);
  } else {
    outcome.problems.insert(outcome.problems.end(), act->problems.begin(), act->problems.end());
  }
  return outcome;
}

}  // namespace hookcheck::scenarios
