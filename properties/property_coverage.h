// File: properties/property_coverage.h
// Defines `PropertyCoverage`: what a property run exercised, computed from its StepRecords (the
// only programmatically readable account: RapidCheck's classification output is text). It counts
//   - the coverage-table rows (hook paths) of docs/contract.md that fired as the model expected;
//   - every fault kind that struck (changed the expectation; see FaultStrikes);
//   - every (op kind, result code, fired or not) outcome.
// Thread-safety: externally synchronized.
#ifndef HOOKCHECK_PROPERTIES_PROPERTY_COVERAGE_H_
#define HOOKCHECK_PROPERTIES_PROPERTY_COVERAGE_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/op.h"
#include "model/types.h"
#include "properties/property_commands.h"

namespace hookcheck::properties {

// The hook paths a default run must reach, each with the callbacks it must fire.
enum class HookPath : uint8_t {
  kFlush,                // Flush: SFW then MU
  kLocalCompaction,      // CompactLocal: SFW then the merge MU
  kRemoteCompaction,     // CompactRemote with plugins: SFW and MU on the compactor node
  kEdit,                 // EditRegion: MU
  kCopy,                 // CopyRegion: MU
  kApplyStagingMuTwice,  // ApplyStaging: the staging-edit MU and the promotion MU
  kAlter,                // Alter: MU
  kTruncate,             // Truncate: MU
  kEnterStaging,         // EnterStaging(UpdatePartitionExpr): MU (seed contract)
  kIndexBuild,           // BuildIndex: MU per file
};
inline constexpr int kHookPathCount = 10;
std::string_view Name(HookPath p);  // "flush", "local compaction", ...

// The fault kinds a default run must make strike (kNone excluded).
inline constexpr std::array<model::FaultKind, 4> kFaultKinds = {
    model::FaultKind::kSaveFails, model::FaultKind::kRebuildFails, model::FaultKind::kSstWriteFails,
    model::FaultKind::kRoleChangeBeforeCommit};

// The hook paths `step` reached (by the model's expectation; on a conforming step the engine
// fired the same). Usually zero or one.
std::vector<HookPath> PathsReached(const PropertyStep& step);

class PropertyCoverage {
 public:
  void Add(const PropertyStep& step);
  void Merge(const PropertyCoverage& other);

  uint64_t path_count(HookPath p) const { return paths_[static_cast<size_t>(p)]; }
  uint64_t fault_count(model::FaultKind f) const { return faults_[static_cast<size_t>(f)]; }
  uint64_t steps() const { return steps_; }

  // One line per coverage-table row or fault kind never exercised; empty iff all were.
  std::vector<std::string> Missing() const;

  // The report: hook paths, faults, then op kind x result x fired, one row each.
  std::string ToTable() const;

 private:
  std::array<uint64_t, kHookPathCount> paths_{};
  std::array<uint64_t, 5> faults_{};  // by FaultKind
  // (op kind index, result, fired) -> steps
  std::map<std::tuple<int, model::ErrorCode, bool>, uint64_t> outcomes_;
  uint64_t steps_ = 0;
};

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_PROPERTY_COVERAGE_H_
