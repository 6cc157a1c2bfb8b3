#include "properties/schedule_shrinker.h"

#include <string>

#include "properties/sequential_runner.h"

namespace hookcheck::properties {
namespace {

struct Attempt {
  bool failed = false;
  std::string schedule;  // the run's replay string
};

Attempt RunUnder(const std::vector<model::Command>& commands, const CheckConfig& config) {
  const std::unique_ptr<engine::RefEngine> engine = OpenRefEngine(config);
  Attempt a;
  a.failed = !RunSequence(engine.get(), config.model, commands).passed();
  a.schedule = engine->RuntimeReport().schedule;
  return a;
}

}  // namespace

std::optional<ShrunkSchedule> ShrinkSchedule(const std::vector<model::Command>& commands,
                                             const CheckConfig& config) {
  if (config.runtime != engine::RuntimeKind::kDeterministic) return std::nullopt;
  const Attempt original = RunUnder(commands, config);
  if (!original.failed) return std::nullopt;
  std::string error;
  const std::optional<runtime::Strategy> full = runtime::ParseStrategy(original.schedule, &error);
  if (!full || full->kind != runtime::Strategy::Kind::kReplay) return std::nullopt;

  ShrunkSchedule out;
  out.failing_decisions = full->choices.size();
  out.runs = 1;
  // Prefix lengths 0, 1, 2, 4, ...: failing is not monotone in the length, so this is a search
  // for a short failing prefix, not for the shortest.
  for (size_t len = 0; len < full->choices.size(); len = len == 0 ? 1 : len * 2) {
    CheckConfig attempt = config;
    attempt.schedule = runtime::Strategy::Replay(
        std::vector<uint8_t>(full->choices.begin(), full->choices.begin() + len));
    ++out.runs;
    if (RunUnder(commands, attempt).failed) {
      out.schedule = attempt.schedule;
      out.schedule_independent = len == 0;
      return out;
    }
  }
  // The full string replays the failing run; if it passes, the run was not reproducible.
  CheckConfig exact = config;
  exact.schedule = *full;
  ++out.runs;
  if (!RunUnder(commands, exact).failed) return std::nullopt;
  out.schedule = *full;
  return out;
}

}  // namespace hookcheck::properties
