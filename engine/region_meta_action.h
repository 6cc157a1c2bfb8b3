// File: engine/region_meta_action.h
// Defines the engine's own manifest payload types, shaped like mito2's: `FileMeta`, the actions
// `RegionEdit`, `RegionChange`, `PartitionExprChange`, `RegionTruncate` (together
// `RegionMetaAction`), and `RegionManifest`, the state the actions build. Also the conversion to
// the harness vocabulary (model::Action), used only by the hook recorder and Observe().
// Thread-safety: immutable values (a RegionManifest is owned by whoever holds it).
#ifndef HOOKCHECK_ENGINE_REGION_META_ACTION_H_
#define HOOKCHECK_ENGINE_REGION_META_ACTION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/types.h"

namespace hookcheck::engine {

using model::FileId;
using model::PartitionExpr;
using model::RegionId;
using model::Version;

struct FileMeta {
  FileId file_id = 0;
  uint64_t num_rows = 0;
  uint8_t min_ts = 0;
  uint8_t max_ts = 0;
  uint8_t level = 0;
  uint64_t sequence = 0;
  // The version of the file's index; 0 when never built.
  uint32_t index_version = 0;
  // The metadata's index options (RegionManifest::index_options) the file's index was built for;
  // none: no index (a file from an edit, a copy or a remap, or an Async-mode flush or compaction).
  // FileMeta::is_index_consistent_with_region compares the file's indexes with the metadata's.
  std::optional<uint32_t> indexed_for;
  PartitionExpr partition_expr = 0;

  friend bool operator==(const FileMeta&, const FileMeta&) = default;
};

struct RegionEdit {
  std::vector<FileMeta> files_to_add;
  std::vector<FileId> files_to_remove;
  std::optional<uint64_t> flushed_entry_id;
  std::optional<uint64_t> flushed_sequence;
  std::optional<uint64_t> committed_sequence;
  std::optional<int64_t> compaction_time_window;
};

// A schema / format change. It carries the whole region metadata; here that is the partition
// expr (the backfill's point) and a schema version.
struct RegionChange {
  PartitionExpr partition_expr = 0;
  uint32_t schema_version = 0;
  // Column metadata, checked unchanged by the staging exit; a fingerprint here.
  uint32_t columns = 0;
  // The metadata's index options, counted: a SetIndexes alter adds one, so every file indexed
  // for fewer is out of date from this change on, in memory and for whoever replays the manifest.
  uint32_t index_options = 0;
};

struct PartitionExprChange {
  PartitionExpr partition_expr = 0;
};

struct RegionTruncate {
  enum class Kind : uint8_t { kAll, kPartial };
  Kind kind = Kind::kAll;
  uint64_t truncated_entry_id = 0;      // kAll
  uint64_t truncated_sequence = 0;      // kAll
  std::vector<FileId> files_to_remove;  // kPartial
};

using RegionMetaAction =
    std::variant<RegionEdit, RegionChange, PartitionExprChange, RegionTruncate>;
using RegionMetaActionList = std::vector<RegionMetaAction>;

// Whether `f` has every index metadata with `index_options` asks for. Options only grow, so an
// index built for newer options is consistent too.
inline bool IndexConsistent(const FileMeta& f, uint32_t index_options) {
  return f.indexed_for.has_value() && *f.indexed_for >= index_options;
}

// The manifest the actions build (live or staging).
struct RegionManifest {
  std::map<FileId, FileMeta> files;
  PartitionExpr partition_expr = 0;  // 0: none
  uint32_t schema_version = 0;
  uint32_t columns = 0;
  uint32_t index_options = 0;  // RegionChange::index_options
  std::optional<uint64_t> truncated_entry_id;
  uint64_t flushed_entry_id = 0;
  uint64_t flushed_sequence = 0;
  // The highest committed_sequence of an applied edit (RegionManifestBuilder::apply_edit,
  // manifest/action.rs); an open raises the version's committed sequence to it.
  std::optional<uint64_t> committed_sequence;
  Version manifest_version = 0;
  std::vector<FileId> removed_files;  // for GC; trimmed by ClearDeletedFiles
};

// Applies one action to `manifest` (mito2's RegionManifestBuilder). An edit re-adding a present
// id is an upsert (index builds).
void ApplyAction(const RegionMetaAction& action, RegionManifest* manifest);

// Conversions to the harness vocabulary: file lists ascending.
model::Action ToModelAction(const RegionMetaAction& action);
std::vector<model::Action> ToModelActions(const RegionMetaActionList& actions);
// The same with the payload fields upstream carries in the action (RegionEdit's
// flushed_entry_id / flushed_sequence / committed_sequence, RegionTruncate's truncated_entry_id):
// what an MU reports. ToModelAction stays the shape only (Observe's staged actions).
std::vector<model::Action> ToModelActionsWithPayload(const RegionMetaActionList& actions);
// What SFW reports of one file: rows, time range, level.
model::SstFileInfo ToSstFileInfo(const FileMeta& f);

// "Edit(+3,4 -1)", for engine logs and test messages (independent of model/'s printing).
std::string DebugString(const RegionMetaActionList& actions);

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_REGION_META_ACTION_H_
