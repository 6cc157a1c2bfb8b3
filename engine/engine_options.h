// File: engine/engine_options.h
// Defines `EngineOptions`, RefEngine's configuration, and `OptionsFor` a model config. Validated by RefEngine::Open.
// Thread-safety: immutable value.
#ifndef HOOKCHECK_ENGINE_ENGINE_OPTIONS_H_
#define HOOKCHECK_ENGINE_ENGINE_OPTIONS_H_

#include <cstdint>

#include "engine/mutant.h"
#include "engine/runtime/strategy.h"
#include "engine/trace_tap.h"
#include "model/config.h"

namespace hookcheck::engine {

enum class RuntimeKind : uint8_t { kThreads, kDeterministic };
// "threads" / "deterministic".
const char* Name(RuntimeKind kind);

struct EngineOptions {
  // The contract version the engine implements (hook-paths.md §10): V2+ fires the lifecycle
  // callbacks, V3+ suppresses staging-dir MUs (PendingManifestHook's is_staging, a12ad8df52), V4+
  // fires on_region_gc, V5 has OfflineCleanup, DiscardUnflushed, flush cancellation and the
  // index publication re-validation. Default: kSeed (V1).
  model::ContractVersion contract = model::ContractVersion::kSeed;
  // The recorder reports each MU action's payload fields (flushed_entry_id, flushed_sequence,
  // committed_sequence, truncated_entry_id). false: the shape only, for checking against a model
  // that predicts no payloads yet. Default: true.
  bool record_payloads = true;
  // Compact automatically after a flush or a non-staging edit that adds files, when the live
  // files number at least this many. Default: 0 (off). Range: 0 or 2..255.
  uint8_t auto_compact_threshold = 0;
  // IndexBuildMode. kAsync queues index builds after flushes, compactions and SetIndexes alters.
  // Default: kSync (upstream's default).
  model::IndexMode index_mode = model::IndexMode::kSync;
  // The skip_wal region option: a no-op WAL, so Close flushes first and memtable contents do not
  // survive Close. Default: false (a real WAL, upstream's default).
  bool skip_wal = false;
  // max_background_index_builds. Default: 1. Range: 1..8.
  int index_build_slots = 1;
  // The datanode's manifest counter after a remote compaction. Default: kUpstream.
  model::RemoteCounter remote_counter = model::RemoteCounter::kUpstream;
  // Worker loop threads. Default: 1. Range: 1..8.
  int workers = 1;
  // The seeded bug to switch on. Default: kNone.
  Mutant mutant = Mutant::kNone;
  // Record every manifest-lock acquire and release too (RefEngine::TakeTrace), as process
  // protocol v2 reports them. Default: false (TakeEvents is then all there is).
  bool record_lock_events = false;
  // What the engine's tasks run on (engine/runtime): kThreads, real threads, or kDeterministic,
  // cooperative tasks on the calling OS thread switched at schedule points, the next task picked
  // by `schedule`, so a run is reproducible from the schedule its report prints. Default: kThreads.
  RuntimeKind runtime = RuntimeKind::kDeterministic;
  // The deterministic runtime's strategy (random, pct or replay; dfs is the explorer's). Ignored
  // on kThreads. Default: random:0.
  runtime::Strategy schedule = runtime::Strategy::Random(0);
  // The deterministic runtime's step budget for each request (Runtime::Call): a request that
  // passes more schedule points stops the run as unknown. Ignored on kThreads. Default: 1,000,000.
  uint64_t max_steps_per_request = 1'000'000;
  // A hook entered under the manifest write lock stops the engine's run (RuntimeReport: "hook
  // under the manifest lock") before the hook runs, so it can neither block nor deadlock on the
  // lock. false: the hook runs and the recorder marks it held, for an engine whose events an
  // external checker reads (serve, the C ABI example). Default: true.
  bool stop_hook_under_manifest_lock = true;
  // Told of each callback and (with record_lock_events) each lock event as it is recorded, on
  // the recording thread; not owned, must outlive the engine. Default: none. It changes nothing
  // the engine does.
  TraceTap* trace_tap = nullptr;
};

// The options that make RefEngine implement the contract `config` describes, with `mutant` on.
EngineOptions OptionsFor(const model::ModelConfig& config, Mutant mutant = Mutant::kNone);

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_ENGINE_OPTIONS_H_
