#include <iostream>

#include "base/exit_codes.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/self.h"
#include "properties/command_flags.h"
#include "scenarios/scenario.h"

namespace hookcheck::cli {
namespace {

struct ScenariosArgs {
  std::string filter;
  std::string mutant = "none";
  bool list = false;
};

int RunScenarios(const ScenariosArgs& args) {
  auto mutant = engine::ParseMutant(args.mutant);
  if (!mutant) throw CLI::ValidationError("--mutant", "'" + args.mutant + "' is not a mutant");
  if (args.list) {
    for (const scenarios::Scenario& s : scenarios::AllScenarios()) {
      if (std::string(s.name).find(args.filter) == std::string::npos) continue;
      std::cout << s.name << "  (" << s.spec << ")\n";
      if (s.upstream) std::cout << "    upstream: " << s.upstream << "\n";
      if (s.gap) std::cout << "    gap: " << s.gap << "\n";
    }
    return kExitPass;
  }
  const ScenarioTally tally = RunScenarioSuite({.mutant = *mutant}, args.filter);
  std::cout << tally.passed << " passed, " << tally.failed << " failed\n";
  return tally.failed ? kExitViolation : kExitPass;
}

}  // namespace

ScenarioTally RunScenarioSuite(const properties::CheckConfig& engine, std::string_view filter) {
  ScenarioTally tally;
  for (const scenarios::Scenario& s : scenarios::AllScenarios()) {
    if (std::string_view(s.name).find(filter) == std::string_view::npos) continue;
    properties::CheckConfig config = engine;
    config.model = s.config;
    auto ref = properties::MakeRefEngine(config);
    scenarios::ScenarioOutcome outcome = scenarios::RunScenario(s, ref.get());
    if (outcome.passed()) {
      ++tally.passed;
      continue;
    }
    ++tally.failed;
    std::cout << "FAIL " << s.name << " (" << s.spec << ")\n" << outcome.trace;
    for (const std::string& p : outcome.problems) std::cout << "  " << p << "\n";
    std::cout << "reproduce: " << Self() << " scenarios --filter " << s.name
              << properties::EngineFlags(engine) << "\n";
  }
  return tally;
}

void RegisterScenarios(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<ScenariosArgs>();
  CLI::App* cmd = app->add_subcommand(
      "scenarios", "Run the named scenarios (one per contract row) on the reference engine");
  cmd->add_option("--filter", args->filter, "only scenarios whose name contains this");
  cmd->add_option("--mutant", args->mutant, "switch on a seeded bug")->capture_default_str();
  cmd->add_flag("--list", args->list, "list the scenarios and the spec rows they check");
  cmd->callback([args, exit_code] { *exit_code = RunScenarios(*args); });
}

}  // namespace hookcheck::cli
