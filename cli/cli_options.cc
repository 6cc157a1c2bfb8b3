#include "cli/cli_options.h"

#include "model/config.h"

namespace hookcheck::cli {

void ContractFlags::AddTo(CLI::App* app) {
  app->add_option("--contract", contract, "contract version: seed (f684479d9c) or v3 (staging MU suppressed)")
      ->capture_default_str();
  app->add_option("--auto-compact", auto_compact_threshold,
                  "compact automatically after flushes and edits at this many live files (0: off)")
      ->capture_default_str();
  app->add_flag("--async-index", async_index, "build indexes after flushes, compactions and set_indexes alters");
  app->add_flag("--wal", wal, "use a real WAL: Close does not flush, the memtable survives Close/Open");
  app->add_option("--mutant", mutant, "switch on a seeded bug of the reference engine (see `hookcheck mutants`)")
      ->capture_default_str();
}

properties::CheckConfig ContractFlags::ToCheckConfig() const {
  properties::CheckConfig config;
  auto version = model::ParseContractVersion(contract);
  if (!version) throw CLI::ValidationError("--contract", "'" + contract + "' is not one of seed, v3");
  config.model.contract = *version;
  if (auto_compact_threshold < 0 || auto_compact_threshold == 1 || auto_compact_threshold > 255) {
    throw CLI::ValidationError("--auto-compact", std::to_string(auto_compact_threshold) + " is not 0 or 2..255");
  }
  config.model.auto_compact_threshold = static_cast<uint8_t>(auto_compact_threshold);
  config.model.async_index = async_index;
  config.model.noop_wal = !wal;
  auto m = engine::ParseMutant(mutant);
  if (!m) throw CLI::ValidationError("--mutant", "'" + mutant + "' is not a mutant; `hookcheck mutants --list` lists them");
  config.mutant = *m;
  return config;
}

std::string ContractFlags::FlagsFor(const properties::CheckConfig& config) {
  std::string out;
  if (config.model.contract != model::ContractVersion::kSeed) out += " --contract " + std::string(model::Name(config.model.contract));
  if (config.model.auto_compact_threshold) out += " --auto-compact " + std::to_string(config.model.auto_compact_threshold);
  if (config.model.async_index) out += " --async-index";
  if (!config.model.noop_wal) out += " --wal";
  if (config.mutant != engine::Mutant::kNone) out += " --mutant " + std::string(engine::Name(config.mutant));
  return out;
}

}  // namespace hookcheck::cli
