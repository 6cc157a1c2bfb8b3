// File: cli/exit_codes.h
// Re-exports the exit codes of base/exit_codes.h into hookcheck::cli, where the commands use them.
// Thread-safety: constants.
#ifndef HOOKCHECK_CLI_EXIT_CODES_H_
#define HOOKCHECK_CLI_EXIT_CODES_H_

#include "base/exit_codes.h"

namespace hookcheck::cli {

using hookcheck::kExitBadInput;
using hookcheck::kExitEngineBroke;
using hookcheck::kExitPass;
using hookcheck::kExitUnknown;
using hookcheck::kExitViolation;

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_EXIT_CODES_H_
