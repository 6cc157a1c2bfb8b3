// File: engine/external_engine.h
// Defines `ExternalEngine`, what the harness needs of an engine it did not build: an Engine that
// can break (sticky, with a one-line error), names itself, remembers what it was given, and
// may start a fresh region in place (reset). Its two transports: ProcessEngine (a child process,
// docs/process-protocol.md) and SharedLibraryEngine (a library loaded with dlopen, docs/c-abi.md).
// Also `ProcessState`, how an external engine broke, and `EngineBroke`.
// Thread-safety: externally synchronized (the Engine contract: one driving thread).
#ifndef HOOKCHECK_ENGINE_EXTERNAL_ENGINE_H_
#define HOOKCHECK_ENGINE_EXTERNAL_ENGINE_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "model/config.h"
#include "model/op.h"

namespace hookcheck::engine {

// An external engine's state. Every state but kRunning is sticky.
enum class ProcessState : uint8_t {
  kRunning,
  kSpawnFailed,    // the command could not be started (pipes, posix_spawn)
  kExited,         // the child exited, was killed by a signal, or closed its stdout
  kTimedOut,       // no reply within reply_timeout; the child was killed
  kMalformedJson,  // a reply line is not one JSON value
  kBadReply,       // a reply does not match the schema (the field is named), or the wrong version
  kWrongId,        // a reply's id is not the request's
  kErrorReply,     // the engine replied {"error": ...} to a request (a library: a failed call)
  kLoadFailed,     // the library could not be loaded, lacks a symbol, or has another ABI version
};
std::string_view Name(ProcessState s);  // "running", "spawn_failed", "exited", ...

// Thrown by every Engine call of a broken external engine.
class EngineBroke : public std::runtime_error {
 public:
  EngineBroke(ProcessState state, const std::string& message)
      : std::runtime_error(message), state_(state) {}
  ProcessState state() const { return state_; }

 private:
  ProcessState state_;
};

class ExternalEngine : public Engine {
 public:
  // Starts a fresh region for `config` in the same engine; submitted() starts over.
  // REQUIRES: supports_reset(), idle (after WaitIdle). Throws EngineBroke.
  virtual void Reset(const model::ModelConfig& config) = 0;
  virtual bool supports_reset() const = 0;

  bool broken() const { return state() != ProcessState::kRunning; }
  virtual ProcessState state() const = 0;
  // One line saying what broke, "" while running.
  virtual const std::string& error() const = 0;
  // The name the engine gave itself ("" if none).
  virtual const std::string& engine_name() const = 0;
  // Every command submitted since the start or the last reset, in order: the sequence that
  // reproduces a break.
  virtual const std::vector<model::Command>& submitted() const = 0;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_EXTERNAL_ENGINE_H_
