// File: model/config.cc
// Names of the contract versions declared in model/config.h.
#include "model/config.h"

namespace hookcheck::model {

std::string_view Name(ContractVersion v) {
  switch (v) {
    case ContractVersion::kSeed:
      return "seed";
    case ContractVersion::kLifecycle:
      return "v2";
    case ContractVersion::kStagingSuppressed:
      return "v3";
    case ContractVersion::kGc:
      return "v4";
    case ContractVersion::kHead:
      return "v5";
  }
  return "?";
}

std::optional<ContractVersion> ParseContractVersion(std::string_view s) {
  if (s == "seed" || s == "v1") return ContractVersion::kSeed;
  for (int i = 1; i < kContractVersionCount; ++i) {
    auto v = static_cast<ContractVersion>(i);
    if (s == Name(v)) return v;
  }
  return std::nullopt;
}

std::string_view Name(IndexMode m) { return m == IndexMode::kSync ? "sync" : "async"; }

std::optional<IndexMode> ParseIndexMode(std::string_view s) {
  if (s == "sync") return IndexMode::kSync;
  if (s == "async") return IndexMode::kAsync;
  return std::nullopt;
}

std::string_view Name(RemoteCounter r) {
  return r == RemoteCounter::kUpstream ? "upstream" : "closed";
}

std::optional<RemoteCounter> ParseRemoteCounter(std::string_view s) {
  if (s == "upstream") return RemoteCounter::kUpstream;
  if (s == "closed") return RemoteCounter::kClosed;
  return std::nullopt;
}

}  // namespace hookcheck::model
