#include "cli/matrix_flags.h"

#include <algorithm>

#include "model/op_text.h"

namespace hookcheck::cli {

void MatrixFlags::AddTo(CLI::App* app, const std::string& contracts_help) {
  app->add_option("--config", config,
                  "pin one configuration, in the words of a sequence file's @config line "
                  "(docs/sequence-format.md), "
                  "e.g. \"contract=v3 skip_wal=1 index_mode=async auto_compact_threshold=2\"; keys "
                  "left out keep "
                  "the flags' values (default: every configuration of the matrix)");
  app->add_option("--contracts", contracts, contracts_help)
      ->delimiter(',')
      ->check([](const std::string& v) {
        return model::ParseContractVersion(v)
                   ? std::string()
                   : "'" + v + "' is not one of seed, v1, v2, v3, v4, v5";
      });
}

std::vector<model::ContractVersion> MatrixFlags::Contracts() const {
  std::vector<model::ContractVersion> out;
  for (const std::string& name : contracts) out.push_back(*model::ParseContractVersion(name));
  return out;
}

std::vector<properties::MatrixEntry> PlanFromFlags(const MatrixFlags& matrix, const CLI::App& cmd,
                                                   const model::ModelConfig& flags,
                                                   const properties::SuitePlan& full) {
  bool pinned = !matrix.config.empty();
  for (const char* name : {"--contract", "--auto-compact", "--index-mode", "--skip-wal",
                           "--index-build-slots", "--remote-counter"}) {
    if (cmd.count(name) > 0) pinned = true;
  }
  const std::vector<model::ContractVersion> contracts = matrix.Contracts();
  if (!pinned) return properties::PlanMatrix(contracts, full);
  model::ModelConfig config = flags;
  if (std::string error = model::ParseConfig(matrix.config, &config); !error.empty()) {
    throw CLI::ValidationError("--config", error);
  }
  if (!contracts.empty() &&
      std::find(contracts.begin(), contracts.end(), config.contract) == contracts.end()) {
    throw CLI::ValidationError("--contracts", "the pinned configuration's contract " +
                                                  std::string(model::Name(config.contract)) +
                                                  " is not among them");
  }
  return properties::PinnedMatrix(config, full);
}

}  // namespace hookcheck::cli
