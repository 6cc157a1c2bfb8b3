// File: model/config.cc
// Names of the contract versions declared in model/config.h.
#include "model/config.h"

namespace hookcheck::model {

std::string_view Name(ContractVersion v) {
  return v == ContractVersion::kSeed ? "seed" : "v3";
}

std::optional<ContractVersion> ParseContractVersion(std::string_view s) {
  if (s == "seed") return ContractVersion::kSeed;
  if (s == "v3") return ContractVersion::kStagingSuppressed;
  return std::nullopt;
}

}  // namespace hookcheck::model
