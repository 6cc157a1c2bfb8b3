// File: cli/commands.h
// Declares the `hookcheck` subcommands. Each Register* adds one subcommand to the app and binds
// its run function; each run function returns an exit code of base/exit_codes.h.
// Thread-safety: externally synchronized (the CLI is single-threaded).
#ifndef HOOKCHECK_CLI_COMMANDS_H_
#define HOOKCHECK_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/mutant.h"
#include "properties/engine_factory.h"
#include "properties/explorer.h"
#include "properties/explorer_conformance.h"

namespace hookcheck::cli {

// Each sets `*exit_code` when its subcommand runs.
void RegisterReplay(CLI::App* app, int* exit_code);
void RegisterScenarios(CLI::App* app, int* exit_code);
void RegisterMutants(CLI::App* app, int* exit_code);
void RegisterCheck(CLI::App* app, int* exit_code);
void RegisterExplore(CLI::App* app, int* exit_code);
void RegisterProperty(CLI::App* app, int* exit_code);
void RegisterServe(CLI::App* app,
                   int* exit_code);  // the reference engine over the process protocol
void RegisterConform(CLI::App* app, int* exit_code);  // the checks against an engine process

// Runs the named scenarios whose name contains `filter` with `mutant` on; prints each failure
// with its reproduction command.
struct ScenarioTally {
  int passed = 0, failed = 0;
};
ScenarioTally RunScenarioSuite(const properties::CheckConfig& engine, std::string_view filter);

// Prints an exhaustive-replay result and, for a counterexample, the replay command reproducing it
// on the reference engine configured by `config`.
void PrintConformance(const properties::ConformanceResult& result,
                      const properties::CheckConfig& config);

// pass -> 0, fail -> 1, unknown -> 3.
int ExitCodeOf(properties::Verdict verdict);

// Runs the property suite and returns an exit code. With `figures` (as a part of `check`) it sets
// a one-line summary and prints the report only on failure; without, it prints everything.
int RunPropertyPart(const properties::CheckConfig& config, int sequences, int max_ops,
                    std::optional<uint64_t> seed, std::string* figures);

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_COMMANDS_H_
