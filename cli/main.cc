// hookcheck: checks a storage engine's RegionHook against the executable contract.
#include <CLI/CLI.hpp>
#include <iostream>

#include "base/exit_codes.h"
#include "cli/commands.h"
#include "cli/self.h"

int main(int argc, char** argv) {
  CLI::App app{
      "hookcheck: checks the RegionHook contract of an LSM region engine (mito2) against an "
      "executable model.\n"
      "Exit codes: 0 pass, 1 violation found, 2 bad input, 3 unknown (budget ran out), 4 engine "
      "broke."};
  hookcheck::cli::SetSelf(argc > 0 ? argv[0] : nullptr);
  app.require_subcommand(1);
  int exit_code = hookcheck::kExitPass;
  hookcheck::cli::RegisterCheck(&app, &exit_code);
  hookcheck::cli::RegisterReplay(&app, &exit_code);
  hookcheck::cli::RegisterScenarios(&app, &exit_code);
  hookcheck::cli::RegisterProperty(&app, &exit_code);
  hookcheck::cli::RegisterExplore(&app, &exit_code);
  hookcheck::cli::RegisterMutants(&app, &exit_code);
  hookcheck::cli::RegisterServe(&app, &exit_code);
  hookcheck::cli::RegisterConform(&app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "hookcheck: " << e.what() << " (try --help)\n";
    return hookcheck::kExitBadInput;
  }
  return exit_code;
}
