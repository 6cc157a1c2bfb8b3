// File: cli/matrix_flags.h
// Defines `MatrixFlags`, the flags `check` and `conform` share to choose the configurations a run
// covers (`--config` pins one, `--contracts` restricts the contract axis), and `PlanFromFlags`,
// which turns them into the properties::MatrixEntry list.
// Thread-safety: externally synchronized (the CLI is single-threaded).
#ifndef HOOKCHECK_CLI_MATRIX_FLAGS_H_
#define HOOKCHECK_CLI_MATRIX_FLAGS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "model/config.h"
#include "properties/check_matrix.h"

namespace hookcheck::cli {

struct MatrixFlags {
  // The @config words of one configuration ("contract=v3 skip_wal=1"); empty: the matrix.
  std::string config;
  // The contract versions of the matrix's contract axis; empty: every version.
  std::vector<std::string> contracts;

  // Registers --config and --contracts on `app`; `contracts_help` says what --contracts does there.
  void AddTo(CLI::App* app, const std::string& contracts_help);
  std::vector<model::ContractVersion> Contracts() const;
};

// The configurations to run. Pinned to one (with `full`) iff --config or a configuration flag of
// ContractFlags (--contract, --skip-wal, ...) was given: `--config` applies on top of `flags`.
// Otherwise the default matrix of properties::PlanMatrix, restricted to --contracts. Throws
// CLI::ValidationError for a bad --config, or a pinned contract --contracts leaves out.
std::vector<properties::MatrixEntry> PlanFromFlags(const MatrixFlags& matrix, const CLI::App& cmd,
                                                   const model::ModelConfig& flags,
                                                   const properties::SuitePlan& full);

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_MATRIX_FLAGS_H_
