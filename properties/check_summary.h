// File: properties/check_summary.h
// Defines `PartResult`, how one part of `check` or `conform` ended, and `PrintSummary`, the
// summary table both print and the exit code it adds up to.
// In properties/ so that the matrix run (properties/check_matrix.h) adds parts up for both.
// Thread-safety: externally synchronized.
#ifndef HOOKCHECK_PROPERTIES_CHECK_SUMMARY_H_
#define HOOKCHECK_PROPERTIES_CHECK_SUMMARY_H_

#include <cstdio>
#include <string>
#include <vector>

#include "base/exit_codes.h"

namespace hookcheck::properties {

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

// The exit code parts with these codes add up to (the ranking of PrintSummary).
int WorstExitCode(int a, int b);
// "PASS", "FAIL", "UNKNOWN", "BROKE", "BADINPUT": the verdict an exit code stands for.
std::string VerdictName(int exit_code);

// The same summary for machines: {"exit_code": N, "parts": [{"name", "verdict", "figures",
// "exit_code", "seconds"}]}, one line.
std::string SummaryJson(const std::vector<PartResult>& parts);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_CHECK_SUMMARY_H_
