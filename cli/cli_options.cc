#include "cli/cli_options.h"

#include <charconv>
#include <optional>

#include "model/config.h"

namespace hookcheck::cli {

CLI::Validator WholeNumber(uint64_t lo, uint64_t hi) {
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        uint64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < lo ||
            value > hi) {
          return "'" + text + "' is not a whole number in " + range;
        }
        return "";
      },
      "UINT:" + range);
}

void ContractFlags::AddTo(CLI::App* app) {
  app->add_option("--contract", contract,
                  "contract version: seed or v1 (f684479d9c), v2 (+ lifecycle callbacks), v3 (+ "
                  "staging MU suppressed), v4 (+ on_region_gc), v5 (HEAD: + offline cleanup, flush "
                  "cancellation, conditional index publication, discard unflushed)")
      ->capture_default_str();
  app->add_option("--auto-compact", auto_compact_threshold,
                  "compact automatically after flushes and edits at this many live files (0: off)")
      ->capture_default_str();
  app->add_option(
         "--index-mode", index_mode,
         "sync (upstream's default: flushes and compactions build indexes inline) or async (they "
         "queue index builds, one MU per file)")
      ->capture_default_str();
  app->add_flag(
      "--skip-wal", skip_wal,
      "the skip_wal region option (a no-op WAL): Close flushes first, nothing survives Close/Open");
  app->add_option("--index-build-slots", index_build_slots, "max_background_index_builds, 1..8")
      ->capture_default_str();
  app->add_option(
         "--remote-counter", remote_counter,
         "after a remote compaction the datanode's counter stays behind (upstream: a duplicated MU "
         "version, erratum 23) or advances (closed)")
      ->capture_default_str();
  app->add_option(
         "--runtime", runtime,
         "what the reference engine's tasks run on: deterministic (cooperative tasks on "
         "one thread, switched at schedule points: reproducible) or threads (real threads)")
      ->capture_default_str();
  app->add_option("--schedule", schedule,
                  "the deterministic runtime's strategy: random:SEED, pct:SEED:DEPTH or "
                  "replay:CHOICES (docs/runtime.md)")
      ->capture_default_str();
  app->add_option("--mutant", mutant,
                  "switch on a seeded bug of the reference engine (see `hookcheck mutants`)")
      ->capture_default_str();
}

properties::CheckConfig ContractFlags::ToCheckConfig() const {
  properties::CheckConfig config;
  auto version = model::ParseContractVersion(contract);
  if (!version)
    throw CLI::ValidationError("--contract",
                               "'" + contract + "' is not one of seed (v1), v2, v3, v4, v5");
  config.model.contract = *version;
  if (auto_compact_threshold < 0 || auto_compact_threshold == 1 || auto_compact_threshold > 255) {
    throw CLI::ValidationError("--auto-compact",
                               std::to_string(auto_compact_threshold) + " is not 0 or 2..255");
  }
  config.model.auto_compact_threshold = static_cast<uint8_t>(auto_compact_threshold);
  auto mode = model::ParseIndexMode(index_mode);
  if (!mode)
    throw CLI::ValidationError("--index-mode", "'" + index_mode + "' is not one of sync, async");
  config.model.index_mode = *mode;
  config.model.skip_wal = skip_wal;
  if (index_build_slots < 1 || index_build_slots > 8) {
    throw CLI::ValidationError("--index-build-slots",
                               std::to_string(index_build_slots) + " is not 1..8");
  }
  config.model.index_build_slots = static_cast<uint8_t>(index_build_slots);
  auto counter = model::ParseRemoteCounter(remote_counter);
  if (!counter)
    throw CLI::ValidationError("--remote-counter",
                               "'" + remote_counter + "' is not one of upstream, closed");
  config.model.remote_counter = *counter;
  auto m = engine::ParseMutant(mutant);
  if (!m)
    throw CLI::ValidationError(
        "--mutant", "'" + mutant + "' is not a mutant; `hookcheck mutants --list` lists them");
  config.mutant = *m;
  if (runtime == "threads") {
    config.runtime = engine::RuntimeKind::kThreads;
  } else if (runtime != "deterministic") {
    throw CLI::ValidationError("--runtime",
                               "'" + runtime + "' is not one of deterministic, threads");
  }
  std::string error;
  std::optional<runtime::Strategy> strategy = runtime::ParseStrategy(schedule, &error);
  if (!strategy) throw CLI::ValidationError("--schedule", error);
  if (strategy->kind == runtime::Strategy::Kind::kDfs) {
    throw CLI::ValidationError("--schedule",
                               "dfs: explores a scenario's schedules (bench/runtime_bench); a "
                               "checked engine runs random:SEED, pct:SEED:DEPTH or replay:CHOICES");
  }
  config.schedule = *strategy;
  return config;
}

}  // namespace hookcheck::cli
