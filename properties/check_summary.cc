#include "properties/check_summary.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace hookcheck::properties {
namespace {

int Severity(int exit_code) {
  switch (exit_code) {
    case kExitViolation:
      return 4;
    case kExitEngineBroke:
      return 3;
    case kExitBadInput:
      return 2;
    case kExitUnknown:
      return 1;
    default:
      return 0;
  }
}

int Combine(const std::vector<PartResult>& parts) {
  int exit_code = kExitPass;
  for (const PartResult& p : parts) exit_code = WorstExitCode(exit_code, p.exit_code);
  return exit_code;
}

const char* Label(int exit_code) {
  switch (exit_code) {
    case kExitPass:
      return "PASS   ";
    case kExitUnknown:
      return "UNKNOWN";
    case kExitEngineBroke:
      return "BROKE  ";
    case kExitBadInput:
      return "BADINPUT";
    default:
      return "FAIL   ";
  }
}

}  // namespace

int WorstExitCode(int a, int b) { return Severity(b) > Severity(a) ? b : a; }

std::string VerdictName(int exit_code) {
  std::string verdict = Label(exit_code);
  verdict.erase(verdict.find_last_not_of(' ') + 1);
  return verdict;
}

int PrintSummary(const std::vector<PartResult>& parts, std::FILE* out) {
  for (const PartResult& p : parts) {
    std::fprintf(out, "  %s %-20s %s (%.1fs)\n", Label(p.exit_code), p.name.c_str(),
                 p.figures.c_str(), p.seconds);
  }
  std::fflush(out);
  return Combine(parts);
}

std::string SummaryJson(const std::vector<PartResult>& parts) {
  nlohmann::json out = {{"exit_code", Combine(parts)}, {"parts", nlohmann::json::array()}};
  for (const PartResult& p : parts) {
    const std::string verdict = VerdictName(p.exit_code);
    out["parts"].push_back({{"name", p.name},
                            {"verdict", verdict},
                            {"figures", p.figures},
                            {"exit_code", p.exit_code},
                            {"seconds", p.seconds}});
  }
  return out.dump();
}

}  // namespace hookcheck::properties
