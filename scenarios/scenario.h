// File: scenarios/scenario.h
// Defines `Scenario`, one named deterministic check of a contract row: set-up commands, then one
// act whose reply and callbacks are written out literally from the spec, and `RunScenario`, which
// checks the act against the model *and* against those literals, so the model is checked too.
// Thread-safety: immutable values; RunScenario is externally synchronized on its engine.
#ifndef HOOKCHECK_SCENARIOS_SCENARIO_H_
#define HOOKCHECK_SCENARIOS_SCENARIO_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/hook_event.h"
#include "model/config.h"
#include "model/expectation.h"
#include "model/types.h"

namespace hookcheck::scenarios {

struct Scenario {
  const char* name;  // reads as the contract: "ApplyStagingFiresManifestUpdateTwice"
  const char* spec;  // where the rule is stated: "hook-paths §2.6, coverage table"
  model::ModelConfig config;
  std::vector<const char*> setup;  // commands in the text form; each must conform to the model
  const char* act;                 // the command under check
  model::ErrorCode result;         // its literal reply
  // Its literal callbacks in firing order, in the form of `CallText`: "SFW 1,2", "SFW" (no
  // files), "MU v3 Edit +3 -1,2", "MU v4 PartitionExprChange 1 | Edit +1", "@compactor" suffix;
  // V2+: "OPENED", "CLOSED", "DROPPED", "FILES_REMOVED"; V4+: "GC 1,2", "GC dropped full_listing".
  std::vector<const char*> calls;
  // When set, the live files after the act (a literal check of the observable state).
  std::optional<std::vector<model::FileId>> live_files_after = std::nullopt;
  // Further literal end-state checks, each against both the model's and the engine's observation.
  // Role, live files and live expr are checked only when the region is open after the act.
  std::optional<model::RoleState> role_after = std::nullopt;
  std::optional<model::Version> version_after = std::nullopt;  // Observation::manifest_version
  std::optional<model::Presence> presence_after = std::nullopt;
  std::optional<model::PartitionExpr> live_expr_after =
      std::nullopt;  // 0: the live manifest has none
  // The upstream test the scenario follows ("flush_test.rs::test_region_hook, lines 897-1025"),
  // and where our alphabet cannot express that test exactly. nullptr: not an upstream translation.
  const char* upstream = nullptr;
  const char* gap = nullptr;
};

// All named scenarios: the four sets below, in this order.
std::span<const Scenario> AllScenarios();
// Every coverage-table row, non-firing path, failure row and follow-on (all_scenarios.cc).
std::span<const Scenario> ContractScenarios();
// One or more per erratum 12-23 of hook-paths.md, and the settled disagreements (errata_scenarios.cc).
std::span<const Scenario> ErrataScenarios();
// Upstream mito2 engine tests at f684479d9c, translated (upstream_scenarios.cc).
std::span<const Scenario> UpstreamScenarios();
// The behaviours contract versions V2-V5 add (version_scenarios.cc).
std::span<const Scenario> VersionScenarios();

// "SFW 1,2" / "MU v3 Edit +3 -1,2" in the literal notation above.
std::string CallText(const engine::HookEvent& event);
std::string CallText(const model::ExpectedCall& call);

struct ScenarioOutcome {
  std::vector<std::string> problems;  // empty iff the scenario passed
  std::string trace;                  // the run, one command a line, for reports
  bool passed() const { return problems.empty(); }
};

// Runs `scenario` on `engine` (fresh, created region) with the model beside it.
ScenarioOutcome RunScenario(const Scenario& scenario, engine::Engine* engine);

}  // namespace hookcheck::scenarios

#endif  // HOOKCHECK_SCENARIOS_SCENARIO_H_
