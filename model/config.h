// File: model/config.h
// Defines `ContractVersion` and `ModelConfig`, the parameters of the executable contract.
// Thread-safety: immutable values.
#ifndef HOOKCHECK_MODEL_CONFIG_H_
#define HOOKCHECK_MODEL_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace hookcheck::model {

// Which version of the contract is checked (hook-paths.md §10). Each version keeps every change of
// the ones before it, so the enumerators are ordered and the predicates below compare with >=.
enum class ContractVersion : uint8_t {
  kSeed,       // V1, f684479d9c: every successful update_locked fires MU, staging dir included
  kLifecycle,  // V2, c70cbaa132: + on_region_opened / closed / dropped / files_removed
  kStagingSuppressed,  // V3, a12ad8df52: MU fires only for live-dir writes
  kGc,                 // V4, d9b58edbb0: + on_region_gc after a GC pass
  kHead,  // V5, 52ba89bb10 and HEAD: + the offline-cleanup GC call, flush cancellation,
          //     conditional index publication, the discard-unflushed-data MU
};
inline constexpr int kContractVersionCount = 5;

// "seed" (V1), "v2", "v3", "v4", "v5".
std::string_view Name(ContractVersion v);
// Accepts "seed" and "v1" for V1, and "v2".."v5".
std::optional<ContractVersion> ParseContractVersion(std::string_view s);

constexpr bool FiresLifecycleCallbacks(ContractVersion v) {
  return v >= ContractVersion::kLifecycle;
}
constexpr bool SuppressesStagingManifestUpdates(ContractVersion v) {
  return v >= ContractVersion::kStagingSuppressed;
}
constexpr bool FiresGcCallback(ContractVersion v) { return v >= ContractVersion::kGc; }
// The HEAD-only ops (OfflineCleanup, DiscardUnflushed) and faults (flush_cancelled) exist.
constexpr bool HasHeadPaths(ContractVersion v) { return v >= ContractVersion::kHead; }

// How SST indexes are built (upstream `IndexBuildMode`, default Sync; erratum 13).
enum class IndexMode : uint8_t {
  kSync,   // the SST writer builds the index inline: a new file's index is already current
  kAsync,  // flushes, compactions and SetIndexes alters queue index builds (§2.10), one MU per file
};
std::string_view Name(IndexMode m);  // "sync", "async"
std::optional<IndexMode> ParseIndexMode(std::string_view s);

// What the datanode's manifest counter does after a remote compaction (erratum 23).
enum class RemoteCounter : uint8_t {
  // Upstream: the datanode applies the compactor's edit in memory only and its counter stays
  // behind, so its next live write reuses the compactor's version (a duplicated MU version).
  kUpstream,
  // The race closed: the datanode's counter advances to the compactor's version.
  kClosed,
};
std::string_view Name(RemoteCounter r);  // "upstream", "closed"
std::optional<RemoteCounter> ParseRemoteCounter(std::string_view s);

// The engine options the model must know to predict follow-on work. Each field mirrors an engine
// option of the same name; a check passes the same values to both.
struct ModelConfig {
  // Default: kSeed.
  ContractVersion contract = ContractVersion::kSeed;
  // After a flush, or a non-staging edit that adds files, compact automatically when the live
  // files number at least this many. Default: 0 (off). Range: 0 or 2..255.
  uint8_t auto_compact_threshold = 0;
  // Default: kSync, upstream's default.
  IndexMode index_mode = IndexMode::kSync;
  // The region option skip_wal: a no-op WAL, so Close flushes a non-empty memtable first and
  // nothing survives Close/Open. Otherwise (upstream's default, a real WAL) Close flushes nothing
  // and Open replays the memtable. Default: false.
  bool skip_wal = false;
  // `max_background_index_builds`: index builds that may run at once. Default: 1 (upstream's
  // cores/8 rounded up on a machine of up to 8 cores). Range: 1..8.
  uint8_t index_build_slots = 1;
  // Default: kUpstream.
  RemoteCounter remote_counter = RemoteCounter::kUpstream;
  // Predict the payload fields: the Action optional fields (flushed_entry_id, flushed_sequence,
  // committed_sequence, truncated_entry_id) and every SFW's file_infos. Off, they are left unset
  // (nullopt, empty) and the reference engine records none either (EngineOptions::record_payloads),
  // so the check compares shapes only. Default: true.
  bool payloads = true;

  friend bool operator==(const ModelConfig&, const ModelConfig&) = default;
};

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_CONFIG_H_
