// File: cli/check_parts.h
// Defines `PartResult`, how one part of `check` or `conform` ended, and `PrintSummary`, the
// summary table both print and the exit code it adds up to.
// Thread-safety: externally synchronized (the CLI is single-threaded).
#ifndef HOOKCHECK_CLI_CHECK_PARTS_H_
#define HOOKCHECK_CLI_CHECK_PARTS_H_

#include <cstdio>
#include <string>
#include <vector>

#include "cli/exit_codes.h"

namespace hookcheck::cli {

struct PartResult {
  std::string name;     // "named scenarios"
  std::string figures;  // one line: what was checked, how much
  int exit_code = kExitPass;
  double seconds = 0;
};

// Prints one line a part ("  PASS    named scenarios      89/89 conform (0.1s)") and returns the
// exit code of the whole: a violation outranks a broken engine, which outranks bad input, which
// outranks unknown.
int PrintSummary(const std::vector<PartResult>& parts, std::FILE* out = stdout);

// The same summary for machines: {"exit_code": N, "parts": [{"name", "verdict", "figures",
// "exit_code", "seconds"}]}, one line.
std::string SummaryJson(const std::vector<PartResult>& parts);

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_CHECK_PARTS_H_
