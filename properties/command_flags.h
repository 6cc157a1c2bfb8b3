// File: properties/command_flags.h
// Defines `CommandFlags`, how a reproduction command line names a configuration and the seeded
// bug: the flags of docs/configuration.md that select `config` again, defaults left out.
// Thread-safety: pure function.
#ifndef HOOKCHECK_PROPERTIES_COMMAND_FLAGS_H_
#define HOOKCHECK_PROPERTIES_COMMAND_FLAGS_H_

#include <string>

#include "properties/engine_factory.h"

namespace hookcheck::properties {

// " --contract v3 --skip-wal --mutant hook_on_gc --schedule pct:7:3"; "" for the upstream
// default without a bug, on the default runtime and schedule.
std::string CommandFlags(const CheckConfig& config);
// The flags of the engine's choices only (mutant, runtime, schedule), for a command whose file or
// scenario names the model.
std::string EngineFlags(const CheckConfig& config);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_COMMAND_FLAGS_H_
