// File: model/region_state.h
// Defines `RegionState`, the model's whole view of one region (role state, memtable, live and
// staging manifests, the shared version counter, truncation mark, partition expressions, the
// remap blob, presence), with equality and a 64-bit fingerprint for the model checker.
// Thread-safety: immutable value; copy to change.
#ifndef HOOKCHECK_MODEL_REGION_STATE_H_
#define HOOKCHECK_MODEL_REGION_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/observation.h"
#include "model/op.h"
#include "model/types.h"

namespace hookcheck::model {

struct FileMeta {
  FileId id = 0;
  uint8_t min_ts = 0, max_ts = 0;
  uint32_t rows = 0;
  // No index was built when the file was written (async mode, or written outside the engine).
  bool needs_index = true;
  // The metadata index generation the file's index was built for. The index is stale iff
  // needs_index or index_gen differs from the region's (is_index_consistent_with_region).
  uint8_t index_gen = 0;
  friend bool operator==(const FileMeta&, const FileMeta&) = default;
};

// The live manifest as the live dir holds it (what `Open`, `FollowerSync` and the remote
// compactor read back). It differs from the in-memory live manifest of `RegionState` only after a
// live write whose save succeeded but whose in-memory rebuild failed (docs/contract.md §1.2 step 5).
struct PersistedLive {
  std::vector<FileMeta> files;  // ascending id
  PartitionExpr expr = 0;
  uint8_t index_gen = 0;  // the metadata's index generation
  std::optional<uint64_t> truncated_entry_id;
  uint64_t flushed_entry_id = 0;
  uint64_t flushed_sequence = 0;
  // The highest committed_sequence an edit carries (RegionManifest::committed_sequence); Open
  // raises the replayed committed sequence to it (opener.rs, replay: committed_in_manifest).
  uint64_t committed_sequence = 0;
  Version version = 0;  // the highest version persisted in the live dir (Create writes 0)
  friend bool operator==(const PersistedLive&, const PersistedLive&) = default;
};

// A live-dir delta a remote compactor wrote at a version the datanode has not consumed yet.
struct RemoteDelta {
  Version version = 0;
  Action edit;                      // kEdit: +outputs -(inputs and expired)
  std::vector<FileMeta> new_files;  // the outputs' metas
  friend bool operator==(const RemoteDelta&, const RemoteDelta&) = default;
};

struct RegionState {
  Presence presence = Presence::kOpen;
  RoleState role = RoleState::kWritable;

  // Memtable rows (timestamp buckets) not yet flushed, in arrival order.
  std::vector<uint8_t> memtable;
  uint64_t last_entry_id =
      0;  // incremented by every accepted Put that writes the WAL (not skip_wal)
  uint64_t committed_sequence = 0;  // incremented by every accepted Put
  // Real WAL only: rows still in the WAL that the memtable no longer holds (a FollowerSync
  // replaced it), in arrival order, just before the memtable's rows. Invariant: the WAL's
  // unobsoleted entries are wal_unreplayed then memtable, ending at last_entry_id.
  std::vector<uint8_t> wal_unreplayed;

  // Live manifest (the manifest manager's in-memory one; the Observation's live files).
  std::vector<FileMeta> live_files;  // ascending id
  // The version's SST set (what pickers, index builds and partial truncates read) when it differs
  // from live_files: only after a remote compaction under remote_counter kUpstream, whose edit
  // the datanode applies to its version and not to its manifest (erratum 23). None: equal.
  std::optional<std::vector<FileMeta>> version_files;
  PartitionExpr live_expr = 0;  // 0: the live manifest has no partition expr
  std::optional<uint64_t> truncated_entry_id;
  uint64_t flushed_entry_id = 0;
  // The highest sequence a flush (or TruncateAll) covers. The truncation check falls back to it
  // when a flush's entry id equals the truncation mark, which a skip_wal region (whose Puts leave
  // the entry id alone) always has.
  uint64_t flushed_sequence = 0;

  // The live dir. Invariant: equal to the in-memory live manifest above unless LiveDirDiffers.
  PersistedLive persisted;

  // In-memory version metadata: the expr the opener may fill in (drives the backfill).
  PartitionExpr version_expr = 0;
  // What the PartitionExprFetcher answers for this region when asked (an expr, or none). The
  // fetcher is one engine-wide plugin, so a reopen by Create or Catchup gets the answer the last
  // Open's flag described. Default: it answers (Open's default).
  bool fetcher_answers = true;
  // The in-memory metadata's index generation: a SetIndexes alter's Change bumps it (mod 256),
  // making every file built for an older one stale. The live dir's is persisted.index_gen.
  uint8_t index_gen = 0;

  // Staging.
  // The staging dir: the deltas an exit would merge, version order. Leaving S without an exit
  // (SetRole, graceful Follower/Downgrading) keeps them until the next clear, never promoted.
  std::vector<Action> staged_actions;
  std::vector<FileMeta> staged_files;  // files added by staged actions
  // The highest flushed entry id a staged flush edit carries (0: none). The promotion re-delivers
  // those edits, so the live dir's flushed entry id moves with them.
  uint64_t staged_flushed_entry_id = 0;
  uint64_t staged_flushed_sequence = 0;
  std::optional<StagingDirective> staging_directive;  // none when staged by StagingLeader
  PartitionExpr staging_expr = 0;
  std::optional<std::vector<FileMeta>> remap_blob;  // written by Remap, read by ApplyStaging
  bool reject_writes = false;                       // staging under kRejectAllWrites

  // Erratum 23 (remote_counter kUpstream): the compactor's deltas above the datanode's counter,
  // ascending and consecutive from last_version + 1. The datanode's next writes reuse their
  // versions: a live write overwrites the delta, any other consumption (staging write, failed
  // save) leaves it in the live dir for good. `remote_base` is the live dir without them.
  // Invariant: both empty/default unless remote deltas are pending; persisted = base + tail.
  std::vector<RemoteDelta> remote_tail;
  PersistedLive remote_base;

  // The shared live/staging version counter: the last version consumed.
  Version last_version = 0;
  FileId next_file_id = 1;

  friend bool operator==(const RegionState&, const RegionState&) = default;
};

// The state right after Create: Writable, version 0 written, no files, no partition expr.
RegionState InitialState();

// 64-bit fingerprint of every field; equal states have equal fingerprints.
uint64_t Fingerprint(const RegionState& s);

Observation Observe(const RegionState& s);

// The live dir differs from the in-memory live manifest: a live delta whose save succeeded and
// whose rebuild failed (docs/contract.md §1.2 step 5), or a remote compactor's delta the datanode
// did not install (erratum 23), waits there for the next reload.
bool LiveDirDiffers(const RegionState& s);

// Multi-line, for counterexamples.
std::string ToString(const RegionState& s);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_REGION_STATE_H_
