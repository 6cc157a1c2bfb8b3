// File: properties/generator_reach.h
// Defines `MeasureReach`: how often the sequential property's generator builds the multi-step
// patterns that bugs hide behind (a fault that leaves the manifest persisted but unapplied, then a
// reload; a compaction with many outputs), counted on the model alone so that thousands of
// sequences take a second. The bench prints it; a test holds the generator to a floor.
// Thread-safety: pure function of its arguments.
#ifndef HOOKCHECK_PROPERTIES_GENERATOR_REACH_H_
#define HOOKCHECK_PROPERTIES_GENERATOR_REACH_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/config.h"

namespace hookcheck::properties {

// Each count is a number of sequences holding the pattern at least once.
struct Reach {
  size_t sequences = 0;
  size_t steps = 0;
  // A rebuild_fails fault struck (the delta persisted, the in-memory manifest not updated), and
  // within the next 5 commands a reload re-read the live dir: Open, FollowerSync or a Catchup
  // that reopened.
  size_t fault_then_reload = 0;
  // Bug (a) of issue 8: a SetIndexes Alter whose rebuild failed, a later reload, then BuildIndex.
  size_t set_indexes_unapplied_reload_build = 0;
  // Bug (b): a Flush whose rebuild failed, later Close and Open, then a Flush of a non-empty memtable.
  size_t flush_unapplied_reopen_flush = 0;
  // Bug (c): a rebuild failure, then FollowerSync, then a live write that carries the version
  // metadata (a schema or format Alter).
  size_t unapplied_sync_then_alter = 0;
  // A compaction (local or remote) that ran with at least 17 live files: 9 or more merge outputs.
  size_t compaction_9_outputs = 0;
};

// Generates `sequences` sequences of up to `max_ops` commands with the property's generator from
// `seed`, and runs each on the model.
Reach MeasureReach(const model::ModelConfig& config, size_t sequences, size_t max_ops,
                   uint64_t seed);

// "per 1000 sequences: fault_then_reload 12.0, ...", one line.
std::string ToString(const Reach& r);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_GENERATOR_REACH_H_
