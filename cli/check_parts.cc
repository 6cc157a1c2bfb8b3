#include "cli/check_parts.h"

#include <cstdio>

namespace hookcheck::cli {
namespace {

int Severity(int exit_code) {
  switch (exit_code) {
    case kExitViolation: return 4;
    case kExitEngineBroke: return 3;
    case kExitBadInput: return 2;
    case kExitUnknown: return 1;
    default: return 0;
  }
}

const char* Label(int exit_code) {
  switch (exit_code) {
    case kExitPass: return "PASS   ";
    case kExitUnknown: return "UNKNOWN";
    case kExitEngineBroke: return "BROKE  ";
    case kExitBadInput: return "BADINPUT";
    default: return "FAIL   ";
  }
}

}  // namespace

int PrintSummary(const std::vector<PartResult>& parts) {
  int exit_code = kExitPass;
  for (const PartResult& p : parts) {
    std::printf("  %s %-20s %s (%.1fs)\n", Label(p.exit_code), p.name.c_str(), p.figures.c_str(), p.seconds);
    if (Severity(p.exit_code) > Severity(exit_code)) exit_code = p.exit_code;
  }
  std::fflush(stdout);
  return exit_code;
}

}  // namespace hookcheck::cli
