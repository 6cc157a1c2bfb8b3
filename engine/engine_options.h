// File: engine/engine_options.h
// Defines `EngineOptions`, RefEngine's configuration. Validated by RefEngine::Open.
// Thread-safety: immutable value.
#ifndef HOOKCHECK_ENGINE_ENGINE_OPTIONS_H_
#define HOOKCHECK_ENGINE_ENGINE_OPTIONS_H_

#include <cstdint>

#include "engine/mutant.h"

namespace hookcheck::engine {

struct EngineOptions {
  // PendingManifestHook carries is_staging and does not fire for staging-dir writes (a12ad8df52).
  // Default: false (the seed contract).
  bool suppress_staging_mu = false;
  // Compact automatically after a flush or a non-staging edit that adds files, when the live
  // files number at least this many. Default: 0 (off). Range: 0 or 2..255.
  uint8_t auto_compact_threshold = 0;
  // Queue one index build per new file after flushes and edits, per live file after a
  // SetIndexes alter. Default: false.
  bool async_index = false;
  // A no-op WAL: Close flushes first, and memtable contents do not survive Close. Default: true.
  bool noop_wal = true;
  // Worker loop threads. Default: 1. Range: 1..8.
  int workers = 1;
  // The seeded bug to switch on. Default: kNone.
  Mutant mutant = Mutant::kNone;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_ENGINE_OPTIONS_H_
