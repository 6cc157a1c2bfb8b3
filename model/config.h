// File: model/config.h
// Defines `ContractVersion` and `ModelConfig`, the parameters of the executable contract.
// Thread-safety: immutable values.
#ifndef HOOKCHECK_MODEL_CONFIG_H_
#define HOOKCHECK_MODEL_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace hookcheck::model {

// Which version of the contract is checked (hook-paths.md §10).
enum class ContractVersion : uint8_t {
  kSeed,              // f684479d9c: every successful update_locked fires MU, staging dir included
  kStagingSuppressed, // a12ad8df52 (V3): MU fires only for live-dir writes
};

std::string_view Name(ContractVersion v);  // "seed", "v3"
std::optional<ContractVersion> ParseContractVersion(std::string_view s);

// The engine options the model must know to predict follow-on work. Each field mirrors an engine
// option of the same name; a check passes the same values to both.
struct ModelConfig {
  // Default: kSeed.
  ContractVersion contract = ContractVersion::kSeed;
  // After a flush, or a non-staging edit that adds files, compact automatically when the live
  // files number at least this many. Default: 0 (off). Range: 0 or 2..255.
  uint8_t auto_compact_threshold = 0;
  // Flushes, compactions and SetIndexes alters queue one index build per new or affected file.
  // Default: false.
  bool async_index = false;
  // With a no-op WAL, Close flushes a non-empty memtable first; otherwise the memtable survives
  // Close/Open (the WAL replays it). Default: true.
  bool noop_wal = true;

  friend bool operator==(const ModelConfig&, const ModelConfig&) = default;
};

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_CONFIG_H_
