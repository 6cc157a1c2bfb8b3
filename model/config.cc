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

std::string_view Name(IndexMode m) { return m == IndexMode::kSync ? "sync" : "async"; }

std::optional<IndexMode> ParseIndexMode(std::string_view s) {
  if (s == "sync") return IndexMode::kSync;
  if (s == "async") return IndexMode::kAsync;
  return std::nullopt;
}

std::string_view Name(RemoteCounter r) { return r == RemoteCounter::kUpstream ? "upstream" : "closed"; }

std::optional<RemoteCounter> ParseRemoteCounter(std::string_view s) {
  if (s == "upstream") return RemoteCounter::kUpstream;
  if (s == "closed") return RemoteCounter::kClosed;
  return std::nullopt;
}

}  // namespace hookcheck::model
