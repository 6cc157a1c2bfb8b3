#include "properties/external_engine_factory.h"

#include <chrono>
#include <cstdio>

#include "engine/process_engine.h"
#include "engine/shared_library_engine.h"

namespace hookcheck::properties {

std::string ExternalEngineSpec::Flags() const {
  if (is_library()) return " --engine-lib " + engine::ShellQuote(library);
  std::string out = " --engine-cmd " + engine::ShellQuote(command);
  if (timeout_seconds != 10) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " --timeout %g", timeout_seconds);
    out += buf;
  }
  if (protocol != engine::protocol::kProtocolVersion)
    out += " --protocol " + std::to_string(protocol);
  return out;
}

std::string ExternalEngineSpec::Describe() const {
  return is_library() ? "engine library: " + library : "engine process: " + command;
}

std::string ExternalEngineSpec::Unit() const {
  return is_library() ? "engine library instance" : "engine process";
}

std::unique_ptr<engine::ExternalEngine> StartExternalEngine(const ExternalEngineSpec& spec,
                                                            const model::ModelConfig& config) {
  if (spec.is_library())
    return engine::SharedLibraryEngine::Load({.path = spec.library, .config = config});
  engine::ProcessOptions options;
  options.command = spec.command;
  options.config = config;
  options.reply_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(spec.timeout_seconds * 1000));
  options.max_protocol = spec.protocol;
  return engine::ProcessEngine::Start(options);
}

}  // namespace hookcheck::properties
