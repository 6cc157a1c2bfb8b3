// File: cli/cli_options.h
// Defines `ContractFlags`, the flags every subcommand shares to choose the contract and the engine
// under check, and their registration on a CLI11 subcommand.
// Thread-safety: externally synchronized.
#ifndef HOOKCHECK_CLI_CLI_OPTIONS_H_
#define HOOKCHECK_CLI_CLI_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "properties/engine_factory.h"

namespace hookcheck::cli {

// A decimal whole number in lo..hi, read exactly: CLI11 2.1's conversion to an unsigned type goes
// through strtoull, which turns "-1" into 2^64-1 and saturates above 2^64-1, silently.
CLI::Validator WholeNumber(uint64_t lo, uint64_t hi);

struct ContractFlags {
  std::string contract = "seed";
  int auto_compact_threshold = 0;
  std::string index_mode = "sync";
  bool skip_wal = false;  // the no-op WAL of the skip_wal region option
  int index_build_slots = 1;
  std::string remote_counter = "upstream";
  std::string mutant = "none";
  std::string runtime = "deterministic";
  std::string schedule = "random:0";

  // Registers the flags on `app`.
  void AddTo(CLI::App* app);
  // The config they describe; throws CLI::ValidationError on a bad value.
  properties::CheckConfig ToCheckConfig() const;
};

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_CLI_OPTIONS_H_
