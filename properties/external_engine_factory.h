// File: properties/external_engine_factory.h
// Defines `ExternalEngineSpec`, which engine outside hookcheck to check and how (a process
// command, docs/process-protocol.md, or a shared library, docs/c-abi.md), and the factory that
// starts one for a contract. The CLI's conform and replay select the transport only here.
// Thread-safety: pure functions (the engines they start are externally synchronized).
#ifndef HOOKCHECK_PROPERTIES_EXTERNAL_ENGINE_FACTORY_H_
#define HOOKCHECK_PROPERTIES_EXTERNAL_ENGINE_FACTORY_H_

#include <memory>
#include <string>

#include "engine/external_engine.h"
#include "engine/process_protocol.h"
#include "model/config.h"

namespace hookcheck::properties {

struct ExternalEngineSpec {
  // Exactly one of the two is set. `command`: the shell command of a process engine.
  // `library`: the path of a C ABI library, loaded in this process.
  std::string command;
  std::string library;
  // Process only: how long one reply may take, and the newest protocol version hello offers.
  double timeout_seconds = 10;
  int protocol = engine::protocol::kProtocolVersion;

  bool is_library() const { return !library.empty(); }
  // The flags that select this engine again, for reproduction commands: " --engine-cmd 'CMD'"
  // (with " --timeout S" and " --protocol N" when not the default), or " --engine-lib 'PATH'".
  std::string Flags() const;
  // "engine process: CMD" or "engine library: PATH", for the run's header line.
  std::string Describe() const;
  // What one started engine is called in the reuse line: "engine process", "engine library
  // instance".
  std::string Unit() const;
};

// A started engine for `config`: a ProcessEngine or a SharedLibraryEngine. Never null and never
// throws; a failure to start leaves it broken (check broken()).
std::unique_ptr<engine::ExternalEngine> StartExternalEngine(const ExternalEngineSpec& spec,
                                                            const model::ModelConfig& config);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXTERNAL_ENGINE_FACTORY_H_
