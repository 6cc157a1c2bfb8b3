#include "engine/runtime/explore.h"

#include <algorithm>

namespace hookcheck::runtime {
namespace {

bool IsPreemption(const Decision& d, int choice) { return d.current >= 0 && choice != d.current; }

// The order in which dfs tries a decision's choices: the default first (the task that ran, if
// it can go on, else the lowest id: what a run does past its replayed prefix), then the rest.
std::vector<int> ChoiceOrder(const Decision& d) {
  const int first = d.current >= 0 ? d.current : 0;
  std::vector<int> order{first};
  for (int c = 0; c < d.options; ++c) {
    if (c != first) order.push_back(c);
  }
  return order;
}

}  // namespace

std::optional<std::vector<uint8_t>> NextDfsPrefix(const std::vector<Decision>& decisions,
                                                  int max_preemptions) {
  std::vector<int> preemptions_before(decisions.size() + 1, 0);
  for (size_t i = 0; i < decisions.size(); ++i) {
    preemptions_before[i + 1] =
        preemptions_before[i] + (IsPreemption(decisions[i], decisions[i].chosen) ? 1 : 0);
  }
  for (size_t i = decisions.size(); i-- > 0;) {
    const Decision& d = decisions[i];
    const std::vector<int> order = ChoiceOrder(d);
    auto it = std::find(order.begin(), order.end(), d.chosen);
    for (++it; it != order.end(); ++it) {
      if (preemptions_before[i] + (IsPreemption(d, *it) ? 1 : 0) > max_preemptions) continue;
      std::vector<uint8_t> prefix;
      for (size_t j = 0; j < i; ++j) prefix.push_back(decisions[j].chosen);
      prefix.push_back(static_cast<uint8_t>(*it));
      return prefix;
    }
  }
  return std::nullopt;
}

ExploreResult Explore(const Strategy& strategy, const ExploreOptions& options,
                      const std::function<void(Runtime&)>& body) {
  ExploreResult result;
  std::optional<RunReport> ran_out;
  std::vector<uint8_t> dfs_prefix;
  // PCT's k: unknown before the first run, then the longest run seen.
  uint64_t pct_steps = 0;
  while (result.runs < options.max_runs) {
    DeterministicOptions o;
    o.max_steps = options.max_steps;
    o.trace = options.trace;
    if (pct_steps > 0) o.pct_steps = pct_steps;
    switch (strategy.kind) {
      case Strategy::Kind::kRandom:
        o.strategy = Strategy::Random(strategy.seed + result.runs);
        break;
      case Strategy::Kind::kPct:
        o.strategy = Strategy::Pct(strategy.seed + result.runs, strategy.depth);
        break;
      case Strategy::Kind::kDfs:
        o.strategy = Strategy::Replay(dfs_prefix);
        break;
      case Strategy::Kind::kReplay:
        o.strategy = strategy;
        break;
    }
    DeterministicRuntime rt(o);
    RunReport report = rt.Run([&] { body(rt); });
    ++result.runs;
    result.steps += report.steps;
    pct_steps = std::max(pct_steps, report.steps);
    if (report.outcome == Outcome::kBudgetExhausted) {
      // Its schedule is cut short, so its dfs successors are unknown too: stop there.
      result.verdict = Verdict::kUnknown;
      result.report = std::move(report);
      return result;
    }
    if (report.outcome == Outcome::kBadSchedule) {
      result.verdict = Verdict::kBadInput;
      result.report = std::move(report);
      return result;
    }
    if (!report.ok()) {
      result.verdict = Verdict::kFail;
      result.report = std::move(report);
      return result;
    }
    if (strategy.kind == Strategy::Kind::kReplay) return result;
    if (strategy.kind == Strategy::Kind::kDfs) {
      std::optional<std::vector<uint8_t>> next =
          NextDfsPrefix(rt.decisions(), strategy.preemptions);
      if (!next) return result;  // every schedule within the bound ran and passed
      dfs_prefix = std::move(*next);
    }
  }
  // Sampling strategies end here by design; dfs ran out of its budget.
  if (strategy.kind == Strategy::Kind::kDfs) {
    result.verdict = Verdict::kUnknown;
    result.report.message = "schedule budget of " + std::to_string(options.max_runs) + " spent";
  }
  return result;
}

std::string ExploreResult::Summary(const Strategy& s) const {
  const std::string name = FormatStrategy(s);
  const std::string runs_text = std::to_string(runs) + (runs == 1 ? " schedule" : " schedules");
  switch (verdict) {
    case Verdict::kPass:
      if (s.kind == Strategy::Kind::kDfs) {
        return "pass: " + name + ": every schedule with at most " + std::to_string(s.preemptions) +
               " preemptions (" + runs_text + ")";
      }
      return "pass: " + name + ": no failure in " + runs_text;
    case Verdict::kFail:
      return "FAIL: " + name + " after " + runs_text + ": " + std::string(Name(report.outcome)) +
             ": " + report.message + "; reproduce: " + report.schedule;
    case Verdict::kUnknown:
      return "unknown: " + name + " after " + runs_text + ": " + report.message;
    case Verdict::kBadInput:
      return "bad input: " + name + ": " + report.message;
  }
  return "";
}

}  // namespace hookcheck::runtime
