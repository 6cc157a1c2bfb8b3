#include <iostream>

#include "base/exit_codes.h"
#include "cli/commands.h"
#include "cli/self.h"
#include "engine/mutant.h"
#include "properties/engine_factory.h"
#include "scenarios/scenario.h"

namespace hookcheck::cli {
namespace {

int RunMutants(bool list) {
  if (list) {
    for (engine::Mutant m : engine::AllMutants()) std::cout << engine::Name(m) << "\n";
    return kExitPass;
  }
  int survivors = 0;
  std::cout << "mutant                               caught by (named scenarios)\n";
  for (engine::Mutant m : engine::AllMutants()) {
    int caught = 0;
    std::string first;
    for (const scenarios::Scenario& s : scenarios::AllScenarios()) {
      auto engine = properties::MakeRefEngine({.model = s.config, .mutant = m});
      if (!scenarios::RunScenario(s, engine.get()).passed()) {
        if (caught++ == 0) first = s.name;
      }
    }
    std::string name(engine::Name(m));
    name.resize(std::max<size_t>(name.size(), 36), ' ');
    if (caught) {
      std::cout << name << " " << caught << " scenarios, e.g. " << first << "\n"
                << "    reproduce: " << Self() << " scenarios --filter " << first << " --mutant "
                << engine::Name(m) << "\n";
    } else {
      ++survivors;
      std::cout << name << " SURVIVED: no scenario catches it\n";
    }
  }
  std::cout << engine::AllMutants().size() - survivors << " of " << engine::AllMutants().size()
            << " mutants caught\n";
  return survivors ? kExitViolation : kExitPass;
}

}  // namespace

void RegisterMutants(CLI::App* app, int* exit_code) {
  auto list = std::make_shared<bool>(false);
  CLI::App* cmd = app->add_subcommand(
      "mutants", "Score the suites against the seeded bugs of the reference engine");
  cmd->add_flag("--list", *list, "list the mutants");
  cmd->callback([list, exit_code] { *exit_code = RunMutants(*list); });
}

}  // namespace hookcheck::cli
