#include "engine/mutant.h"

#include <array>

namespace hookcheck::engine {
namespace {

constexpr std::array<Mutant, 7> kAll = {
    Mutant::kMuUnderManifestLock,   Mutant::kSkipSfwOnCompaction,
    Mutant::kApplyStagingFiresOnce, Mutant::kMuOnFailedCommit,
    Mutant::kHookOnGc,              Mutant::kVersionNotConsumedOnFailedSave,
    Mutant::kSfwAfterMu,
};

}  // namespace

std::string_view Name(Mutant m) {
  switch (m) {
    case Mutant::kNone: return "none";
    case Mutant::kMuUnderManifestLock: return "mu_under_manifest_lock";
    case Mutant::kSkipSfwOnCompaction: return "skip_sfw_on_compaction";
    case Mutant::kApplyStagingFiresOnce: return "apply_staging_fires_once";
    case Mutant::kMuOnFailedCommit: return "mu_on_failed_commit";
    case Mutant::kHookOnGc: return "hook_on_gc";
    case Mutant::kVersionNotConsumedOnFailedSave: return "version_not_consumed_on_failed_save";
    case Mutant::kSfwAfterMu: return "sfw_after_mu";
  }
  return "?";
}

std::optional<Mutant> ParseMutant(std::string_view s) {
  if (s == "none") return Mutant::kNone;
  for (Mutant m : kAll) {
    if (Name(m) == s) return m;
  }
  return std::nullopt;
}

std::span<const Mutant> AllMutants() { return kAll; }

}  // namespace hookcheck::engine
