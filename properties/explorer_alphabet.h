// File: properties/explorer_alphabet.h
// Defines `AlphabetOptions` and `BuildAlphabet`: the bounded, ordered list of commands the model
// checker tries in every state. Small parameter domains (a few files, rows, timestamp buckets and
// partition exprs) keep the branching factor near 70 while every coverage-table row, non-firing
// path and fault row stays reachable.
// Thread-safety: pure functions.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_ALPHABET_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_ALPHABET_H_

#include <string>
#include <vector>

#include "model/config.h"
#include "model/op.h"

namespace hookcheck::properties {

struct AlphabetOptions {
  // Timestamp buckets a Put may use. Two buckets far apart make TTL and time-range truncation
  // separate some files from others. Default: {0, 8}.
  std::vector<uint8_t> put_ts = {0, 8};
  // Partition exprs EnterStaging and ApplyStaging may name. Two are enough to reach
  // PartitionMismatch. Default: {1, 2}.
  std::vector<model::PartitionExpr> exprs = {1, 2};
  // Adds one Command per (op, fault) pair for the fault rows: save_fails, rebuild_fails,
  // sst_write_fails, role_change(F / Dg / W). Default: true.
  bool faults = true;
  // Adds the lock-free and graceful role changes, Close/Open/Drop/Create, and the no-hook ops
  // (Gc, Checkpoint, FollowerSync). Default: true.
  bool role_ops = true;
};

// The alphabet, in a fixed order: the explorer's command index (and so the tie-break between two
// shortest paths) is a position in this list. Never more than 255 entries. The commands of the
// later contract versions (a full-listing Gc from V4; OfflineCleanup, DiscardUnflushed,
// flush_cancelled and the index-publication role change from V5) come last, so the V1 alphabet
// and its indices are the same under every version.
std::vector<model::Command> BuildAlphabet(
    const AlphabetOptions& options,
    model::ContractVersion contract = model::ContractVersion::kSeed);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_ALPHABET_H_
