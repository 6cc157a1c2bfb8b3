#include "cli/check_parts.h"

#include <cstdio>

#include <nlohmann/json.hpp>

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

int Combine(const std::vector<PartResult>& parts) {
  int exit_code = kExitPass;
  for (const PartResult& p : parts) {
    if (Severity(p.exit_code) > Severity(exit_code)) exit_code = p.exit_code;
  }
  return exit_code;
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

int PrintSummary(const std::vector<PartResult>& parts, std::FILE* out) {
  for (const PartResult& p : parts) {
    std::fprintf(out, "  %s %-20s %s (%.1fs)\n", Label(p.exit_code), p.name.c_str(), p.figures.c_str(), p.seconds);
  }
  std::fflush(out);
  return Combine(parts);
}

std::string SummaryJson(const std::vector<PartResult>& parts) {
  nlohmann::json out = {{"exit_code", Combine(parts)}, {"parts", nlohmann::json::array()}};
  for (const PartResult& p : parts) {
    std::string verdict = Label(p.exit_code);
    verdict.erase(verdict.find_last_not_of(' ') + 1);
    out["parts"].push_back({{"name", p.name},
                            {"verdict", verdict},
                            {"figures", p.figures},
                            {"exit_code", p.exit_code},
                            {"seconds", p.seconds}});
  }
  return out.dump();
}

}  // namespace hookcheck::cli
