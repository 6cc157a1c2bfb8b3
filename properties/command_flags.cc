// Implements CommandFlags.
#include "properties/command_flags.h"

namespace hookcheck::properties {

std::string CommandFlags(const CheckConfig& config) {
  std::string out;
  if (config.model.contract != model::ContractVersion::kSeed)
    out += " --contract " + std::string(model::Name(config.model.contract));
  if (config.model.auto_compact_threshold)
    out += " --auto-compact " + std::to_string(config.model.auto_compact_threshold);
  if (config.model.index_mode != model::IndexMode::kSync)
    out += " --index-mode " + std::string(model::Name(config.model.index_mode));
  if (config.model.skip_wal) out += " --skip-wal";
  if (config.model.index_build_slots != 1)
    out += " --index-build-slots " + std::to_string(config.model.index_build_slots);
  if (config.model.remote_counter != model::RemoteCounter::kUpstream)
    out += " --remote-counter " + std::string(model::Name(config.model.remote_counter));
  if (config.mutant != engine::Mutant::kNone)
    out += " --mutant " + std::string(engine::Name(config.mutant));
  if (config.runtime != CheckConfig{}.runtime)
    out += " --runtime " + std::string(engine::Name(config.runtime));
  if (config.runtime == engine::RuntimeKind::kDeterministic &&
      config.schedule != CheckConfig{}.schedule)
    out += " --schedule " + runtime::FormatStrategy(config.schedule);
  return out;
}

std::string EngineFlags(const CheckConfig& config) {
  return CommandFlags(
      {.mutant = config.mutant, .runtime = config.runtime, .schedule = config.schedule});
}

}  // namespace hookcheck::properties
