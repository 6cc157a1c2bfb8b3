#include "properties/check_matrix.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <tuple>

#include "model/op_text.h"

namespace hookcheck::properties {
namespace {

// The share of each other configuration (SharedPlan): the default's 1000 sequences become 10.
constexpr int kSharedSequenceDivisor = 100;
constexpr int kSharedExploreDepth = 3;
constexpr int kNeighbourReplayDepth = 2;
constexpr int kSharedReplayDepth = 1;

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", s);
  return buf;
}

}  // namespace

std::string Describe(const SuitePlan& plan) {
  std::vector<std::string> items;
  if (plan.full) items.push_back("corpus, scenarios");
  if (plan.sequences > 0) {
    items.push_back(std::to_string(plan.sequences) + " sequences of up to " +
                    std::to_string(plan.max_ops) + " ops");
  }
  if (plan.explore_depth > 0)
    items.push_back("explore depth " + std::to_string(plan.explore_depth));
  items.push_back(plan.replay_depth > 0 ? "replay depth " + std::to_string(plan.replay_depth)
                                        : "no replay");
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

SuitePlan SharedPlan(const SuitePlan& full, bool neighbour) {
  SuitePlan shared;
  shared.sequences = full.sequences == 0 ? 0 : std::max(1, full.sequences / kSharedSequenceDivisor);
  shared.max_ops = full.max_ops;
  shared.explore_depth = std::min(full.explore_depth, kSharedExploreDepth);
  shared.replay_depth =
      std::min(full.replay_depth, neighbour ? kNeighbourReplayDepth : kSharedReplayDepth);
  return shared;
}

bool OneAxisAway(const model::ModelConfig& config, const model::ModelConfig& base) {
  const int axes = (config.contract != base.contract) + (config.skip_wal != base.skip_wal) +
                   (config.index_mode != base.index_mode) +
                   ((config.auto_compact_threshold > 0) != (base.auto_compact_threshold > 0));
  return axes == 1;
}

std::vector<model::ModelConfig> MatrixConfigurations(
    std::span<const model::ContractVersion> contracts) {
  std::vector<model::ModelConfig> out;
  for (int v = 0; v < model::kContractVersionCount; ++v) {
    const auto contract = static_cast<model::ContractVersion>(v);
    if (!contracts.empty() &&
        std::find(contracts.begin(), contracts.end(), contract) == contracts.end())
      continue;
    for (bool skip_wal : {false, true}) {
      for (model::IndexMode mode : {model::IndexMode::kSync, model::IndexMode::kAsync}) {
        for (uint8_t threshold : {uint8_t{0}, kMatrixAutoCompactThreshold}) {
          model::ModelConfig config;
          config.contract = contract;
          config.skip_wal = skip_wal;
          config.index_mode = mode;
          config.auto_compact_threshold = threshold;
          out.push_back(config);
        }
      }
    }
  }
  return out;
}

std::vector<MatrixEntry> PlanMatrix(std::span<const model::ContractVersion> contracts,
                                    const SuitePlan& full) {
  std::vector<MatrixEntry> out;
  for (const model::ModelConfig& config : MatrixConfigurations(contracts)) {
    if (out.empty()) {
      out.push_back({config, full});
    } else {
      out.push_back({config, SharedPlan(full, OneAxisAway(config, out.front().config))});
    }
  }
  return out;
}

std::string DescribeMatrix(const std::vector<MatrixEntry>& matrix) {
  if (matrix.size() == 1) return "configuration " + model::FormatConfigWords(matrix.front().config);
  std::vector<model::ContractVersion> contracts;
  for (const MatrixEntry& e : matrix) {
    if (std::find(contracts.begin(), contracts.end(), e.config.contract) == contracts.end()) {
      contracts.push_back(e.config.contract);
    }
  }
  std::string names;
  for (model::ContractVersion v : contracts)
    names += (names.empty() ? "" : ", ") + std::string(model::Name(v));
  return std::to_string(matrix.size()) + " configurations (contract " + names +
         " x real WAL/skip_wal x sync/async index x auto compaction off/" +
         std::to_string(kMatrixAutoCompactThreshold) + ")";
}

std::vector<MatrixEntry> PinnedMatrix(const model::ModelConfig& config, const SuitePlan& full) {
  return {{config, full}};
}

std::vector<ConfigResult> RunMatrix(const std::vector<MatrixEntry>& matrix,
                                    const ConfigRunner& runner, const RunStop* stop) {
  std::vector<ConfigResult> results;
  for (const MatrixEntry& entry : matrix) {
    ConfigResult result;
    result.entry = entry;
    if (stop != nullptr && stop->Stopped()) {
      result.not_run = "not run (stopped: " + stop->Reason() + ")";
      results.push_back(std::move(result));
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    result.parts = runner(entry);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.ran = true;
    // A configuration that checked nothing is not a pass.
    result.exit_code = result.parts.empty() ? kExitUnknown : kExitPass;
    for (const PartResult& p : result.parts)
      result.exit_code = WorstExitCode(result.exit_code, p.exit_code);
    results.push_back(std::move(result));
  }
  return results;
}

int MatrixExitCode(const std::vector<ConfigResult>& results) {
  // No configuration at all checked nothing: unknown.
  int exit_code = results.empty() ? kExitUnknown : kExitPass;
  for (const ConfigResult& r : results) exit_code = WorstExitCode(exit_code, r.exit_code);
  return exit_code;
}

std::string FormatMatrixSummary(const std::vector<ConfigResult>& results,
                                const std::string& rerun) {
  const auto ran =
      std::count_if(results.begin(), results.end(), [](const ConfigResult& r) { return r.ran; });
  std::string out =
      "configurations: " + std::to_string(ran) + " of " + std::to_string(results.size()) + " run\n";
  for (const ConfigResult& r : results) {
    char label[16];
    std::snprintf(label, sizeof label, "%-8s", VerdictName(r.exit_code).c_str());
    out += "  " + std::string(label) + " " + model::FormatConfigWords(r.entry.config) + " | " +
           Describe(r.entry.plan) + (r.ran ? " (" + Seconds(r.seconds) + ")" : "; " + r.not_run) +
           "\n";
    if (!r.ran || r.exit_code == kExitPass) continue;
    for (const PartResult& p : r.parts) {
      if (p.exit_code == kExitPass) continue;
      out += "      " + VerdictName(p.exit_code) + " " + p.name + ": " + p.figures + "\n";
    }
    out += "      re-run this configuration: " + rerun + " --config \"" +
           model::FormatConfigWords(r.entry.config) + "\"\n";
  }
  return out;
}

nlohmann::json MatrixSummaryJson(const std::vector<ConfigResult>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const ConfigResult& r : results) {
    const SuitePlan& plan = r.entry.plan;
    out.push_back({{"config", model::FormatConfigWords(r.entry.config)},
                   {"verdict", VerdictName(r.exit_code)},
                   {"exit_code", r.exit_code},
                   {"ran", r.ran},
                   {"not_run", r.not_run},
                   {"plan",
                    {{"full", plan.full},
                     {"sequences", plan.sequences},
                     {"max_ops", plan.max_ops},
                     {"explore_depth", plan.explore_depth},
                     {"replay_depth", plan.replay_depth}}},
                   {"parts", nlohmann::json::parse(SummaryJson(r.parts))["parts"]},
                   {"seconds", r.seconds}});
  }
  return out;
}

nlohmann::json MatrixRunJson(const std::vector<ConfigResult>& results) {
  std::vector<PartResult> first;
  if (!results.empty()) first = results.front().parts;
  nlohmann::json out = nlohmann::json::parse(SummaryJson(first));
  out["exit_code"] = MatrixExitCode(results);
  out["configurations"] = MatrixSummaryJson(results);
  return out;
}

std::vector<std::tuple<std::string, std::string, std::string>> MatrixJUnitCases(
    const std::vector<ConfigResult>& results) {
  std::vector<std::tuple<std::string, std::string, std::string>> cases;
  for (const ConfigResult& r : results) {
    const std::string label =
        results.size() == 1 ? "" : " [" + model::FormatConfigWords(r.entry.config) + "]";
    if (!r.ran) cases.emplace_back("configuration" + label, "unknown", r.not_run);
    for (const PartResult& p : r.parts) {
      const std::string verdict = p.exit_code == kExitPass      ? "pass"
                                  : p.exit_code == kExitUnknown ? "unknown"
                                                                : "fail";
      cases.emplace_back(p.name + label, verdict, p.figures);
    }
  }
  return cases;
}

}  // namespace hookcheck::properties
