// File: cli/check_parts.h
// Brings the part summary of properties/check_summary.h into hookcheck::cli.
// Thread-safety: externally synchronized (the CLI is single-threaded).
#ifndef HOOKCHECK_CLI_CHECK_PARTS_H_
#define HOOKCHECK_CLI_CHECK_PARTS_H_

#include "cli/exit_codes.h"
#include "properties/check_summary.h"

namespace hookcheck::cli {

using properties::PartResult;
using properties::PrintSummary;
using properties::SummaryJson;

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_CHECK_PARTS_H_
