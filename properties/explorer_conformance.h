// File: properties/explorer_conformance.h
// Defines `CheckConformance`, bounded exhaustive conformance: explore the model to a depth, then
// replay against fresh engines a shortest path to every explored edge (from every state at depth
// < max_depth), comparing traces step by step with the sequential runner. Sequences run in
// order of length, so the first failing prefix found is a shortest counterexample.
// Thread-safety: reentrant; the factory is called from the calling thread only, unless
// options.jobs > 1.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_CONFORMANCE_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_CONFORMANCE_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "properties/engine_factory.h"
#include "properties/explorer.h"
#include "properties/run_stop.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {

struct ConformanceOptions {
  // The search whose edges are replayed: its max_depth bounds them (the replayed sequences are at
  // most max_depth long). Its rows and invariants do not matter here. Default depth: 2.
  ExploreOptions explore = [] {
    ExploreOptions o;
    o.max_depth = 2;
    o.require_all_rows = false;
    return o;
  }();
  // Stop after this many sequences (the verdict is then unknown, unless one failed). 0: no limit.
  uint64_t max_sequences = 0;
  // Sequences run at once, each on its own engine. With more than 1 the factory is called from
  // that many threads at once (it must be thread-safe) and the sequences of one depth run ahead
  // of the scan; the result is the same as with 1. Default: 1. Range: 1..64.
  int jobs = 1;
  // When set, checked before each sequence: once stopped, the rest is not run and the verdict is
  // unknown, unless a failure was found first. The factory may throw StopRequested. Default: none.
  const RunStop* stop = nullptr;
  // Called with each counted sequence's run, in order, from the calling thread (sequences run
  // ahead by the jobs and not counted are not passed), for a progress line or a report.
  // Default: none.
  std::function<void(const RunResult&)> on_sequence;
};

struct ConformanceResult {
  Verdict verdict = Verdict::kUnknown;
  std::string reason;
  std::string engine;      // Engine::Name() of the first engine made
  uint64_t sequences = 0;  // engines made and sequences run
  uint64_t steps = 0;      // commands run over all sequences
  uint64_t planned = 0;    // sequences the replay would run to the depth
  uint64_t edges = 0;      // explored edges whose shortest path was replayed
  uint64_t explored_states = 0;
  double seconds = 0;
  std::optional<Path> counterexample;  // the shortest failing prefix; its last command failed
  std::string failure;                 // the runner's account of it (FormatRun)
};

ConformanceResult CheckConformance(const EngineFactory& factory, const ConformanceOptions& options);

std::string FormatConformance(const ConformanceResult& result);
nlohmann::json ToJson(const ConformanceResult& result);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_CONFORMANCE_H_
