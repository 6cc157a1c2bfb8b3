// File: engine/shared_library_engine.h
// Defines `SharedLibraryEngine`, the adapter that checks an engine in the harness's own process:
// a shared library that implements the C ABI of engine/abi/hookcheck_engine_abi.h
// (docs/c-abi.md), loaded with dlopen. Also `LibraryOptions`.
//
// [Locking] The library calls back into this adapter for every manifest-lock acquire and release
// and every hook call, synchronously on the engine's thread. The adapter numbers the stream in
// the order the calls arrive and hands it to the LockTracker of process protocol v2, so "a hook
// ran under the manifest lock" is derived from what the engine's threads did, exactly as for a
// protocol v2 process; the engine's own lock_held is only a cross-check.
// [Errors] Whatever the library does short of crashing the process, the adapter does not crash:
// a missing file, a missing symbol, another ABI version, a NULL or nonzero return, a reply that
// is not JSON or not of the protocol's schema, a callback stream no reader-writer lock can
// produce: the first one puts the adapter in a sticky broken state with a one-line error() and
// makes that call and every later one throw EngineBroke (the CLI maps it to exit code 4).
// A library that crashes or hangs takes the harness with it: that is the price of running in
// process (use --engine-cmd to isolate an engine).
// [Lifetime] The destructor destroys the library's engine (joining its threads), then dlcloses.
// Thread-safety: externally synchronized (the Engine contract: one driving thread); the host
// callbacks are thread-safe.
#ifndef HOOKCHECK_ENGINE_SHARED_LIBRARY_ENGINE_H_
#define HOOKCHECK_ENGINE_SHARED_LIBRARY_ENGINE_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "engine/abi/hookcheck_engine_abi.h"
#include "engine/external_engine.h"
#include "engine/lock_tracker.h"
#include "engine/process_protocol.h"

namespace hookcheck::engine {

struct LibraryOptions {
  // The library's path, as dlopen takes it (a name without '/' is searched for). REQUIRES:
  // non-empty.
  std::string path;
  // The contract the engine is created for. Default: the seed contract.
  model::ModelConfig config;
};

class SharedLibraryEngine : public ExternalEngine {
 public:
  // Loads the library, checks its ABI version and creates its engine. Never null and never
  // throws: a failure leaves the engine broken (check broken(), or let the first call throw).
  static std::unique_ptr<SharedLibraryEngine> Load(const LibraryOptions& options);

  ~SharedLibraryEngine() override;
  SharedLibraryEngine(const SharedLibraryEngine&) = delete;
  SharedLibraryEngine& operator=(const SharedLibraryEngine&) = delete;

  // Engine. Each throws EngineBroke when the engine is broken or breaks during the call.
  model::ErrorCode Submit(const model::Command& command) override REQUIRES(!mu_);
  void WaitIdle() override REQUIRES(!mu_);
  model::Observation Observe() override;
  std::vector<HookEvent> TakeEvents() override REQUIRES(!mu_);
  std::string Name() const override;  // "library:<path>"

  // ExternalEngine.
  void Reset(const model::ModelConfig& config) override REQUIRES(!mu_);
  bool supports_reset() const override { return true; }
  ProcessState state() const override { return state_; }
  const std::string& error() const override { return error_; }
  const std::string& engine_name() const override { return engine_name_; }
  const std::vector<model::Command>& submitted() const override { return submitted_; }

 private:
  // The library's functions, resolved by dlsym.
  struct Api {
    uint32_t (*abi_version)() = nullptr;
    hookcheck_engine* (*create)(const char*, const hookcheck_host*) = nullptr;
    char* (*submit)(hookcheck_engine*, const char*) = nullptr;
    int (*wait_idle)(hookcheck_engine*) = nullptr;
    char* (*observe)(hookcheck_engine*) = nullptr;
    int (*reset)(hookcheck_engine*, const char*) = nullptr;
    void (*destroy)(hookcheck_engine*) = nullptr;
    const char* (*last_error)() = nullptr;
    void (*string_free)(char*) = nullptr;
  };

  explicit SharedLibraryEngine(const LibraryOptions& options);
  void Open();

  // The host callbacks (hookcheck_host); `ctx` is the adapter. They never throw. Outside the
  // analysis: they run on the library's threads, which cannot hold mu_ (the adapter never holds
  // it while calling into the library, and nothing else takes it).
  static void OnLock(void* ctx, int op, int mode, uint64_t thread, uint32_t lock,
                     const char* site) NO_THREAD_SAFETY_ANALYSIS;
  static void OnHook(void* ctx, const char* event_json) NO_THREAD_SAFETY_ANALYSIS;
  // Appends one entry of the stream with the next seq, or records why the stream is bad.
  void Append(protocol::TraceEntry entry) REQUIRES(!mu_);
  void StreamProblem(const std::string& problem) REQUIRES(!mu_);

  // The library's string returned by `what`: copied, freed, parsed as one JSON value. Breaks on
  // NULL (with the library's last error) or on text that is not JSON.
  nlohmann::json TakeJson(char* text, const std::string& what);
  // Breaks with the library's last error when `rc` is nonzero.
  void CheckRc(int rc, const std::string& what);
  // The stream problem the callbacks recorded, if any, as a break.
  void ThrowIfStreamBad(const std::string& what) REQUIRES(!mu_);
  std::string LastError() const;
  [[noreturn]] void Break(ProcessState state, const std::string& message);
  void ThrowIfBroken() const;

  // ---- Constants ----
  const LibraryOptions options_;
  const std::string who_;  // "library 'PATH'", for the errors

  // ---- Externally synchronized (the driving thread) ----
  void* handle_ = nullptr;
  Api api_;
  hookcheck_engine* engine_ = nullptr;
  uint64_t calls_ = 0;  // calls into the library so far: numbers them in errors
  ProcessState state_ = ProcessState::kRunning;
  std::string error_;
  std::string engine_name_;
  std::vector<model::Command> submitted_;
  LockTracker locks_;

  // ---- Written by the engine's threads through the host callbacks ----
  mutable Mutex mu_;
  std::vector<protocol::TraceEntry> pending_ GUARDED_BY(mu_);
  uint64_t next_seq_ GUARDED_BY(mu_) = 1;
  uint64_t hooks_ GUARDED_BY(mu_) = 0;          // on_hook calls so far
  std::string stream_problem_ GUARDED_BY(mu_);  // the first bad callback, "" if none
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_SHARED_LIBRARY_ENGINE_H_
