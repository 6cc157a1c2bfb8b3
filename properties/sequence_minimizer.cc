#include "properties/sequence_minimizer.h"

#include <algorithm>
#include <optional>

#include "properties/sequential_runner.h"

namespace hookcheck::properties {
namespace {

using Commands = std::vector<model::Command>;

// Runs candidates on fresh engines, counting runs against the budget.
class Reducer {
 public:
  Reducer(const EngineFactory& factory, const model::ModelConfig& config, int max_runs)
      : factory_(factory), config_(config), max_runs_(max_runs) {}

  // The failing prefix of `candidate` (up to and including its failing step), if it fails.
  std::optional<Commands> FailingPrefix(const Commands& candidate) {
    if (exhausted() || candidate.empty()) return std::nullopt;
    ++runs_;
    auto engine = factory_();
    RunResult run = RunSequence(engine.get(), config_, candidate);
    if (run.passed()) return std::nullopt;
    return Commands(candidate.begin(), candidate.begin() + static_cast<long>(*run.failed_index) + 1);
  }

  // Removes chunks of commands, halving the chunk size; a kept removal rescans at the same size.
  void DropChunks(Commands* current) {
    for (size_t chunk = std::max<size_t>(current->size() / 2, 1); !exhausted();) {
      bool removed = false;
      for (size_t start = 0; start + chunk <= current->size() && !exhausted();) {
        Commands candidate(current->begin(), current->begin() + static_cast<long>(start));
        candidate.insert(candidate.end(), current->begin() + static_cast<long>(start + chunk), current->end());
        if (auto prefix = FailingPrefix(candidate)) {
          *current = std::move(*prefix);
          removed = true;
        } else {
          ++start;
        }
      }
      if (removed) continue;
      if (chunk == 1) return;
      chunk /= 2;
    }
  }

  // Removes the faults the failure does not need.
  void DropFaults(Commands* current) {
    for (size_t i = 0; i < current->size() && !exhausted(); ++i) {
      if ((*current)[i].fault.kind == model::FaultKind::kNone) continue;
      Commands candidate = *current;
      candidate[i].fault = {};
      if (auto prefix = FailingPrefix(candidate)) *current = std::move(*prefix);
    }
  }

  int runs() const { return runs_; }
  bool exhausted() const { return runs_ >= max_runs_; }

 private:
  const EngineFactory& factory_;
  const model::ModelConfig& config_;
  const int max_runs_;
  int runs_ = 0;
};

size_t CountFaults(const Commands& commands) {
  return static_cast<size_t>(std::count_if(commands.begin(), commands.end(), [](const model::Command& c) {
    return c.fault.kind != model::FaultKind::kNone;
  }));
}

}  // namespace

Minimized MinimizeFailingSequence(const Commands& commands, const EngineFactory& factory,
                                  const model::ModelConfig& config, int max_runs) {
  Reducer reducer(factory, config, max_runs);
  Commands current = commands;
  if (auto prefix = reducer.FailingPrefix(current)) current = std::move(*prefix);
  // Dropping a fault can make a command removable again, so repeat until nothing changes.
  while (!reducer.exhausted()) {
    const size_t size = current.size(), faults = CountFaults(current);
    reducer.DropChunks(&current);
    reducer.DropFaults(&current);
    if (current.size() == size && CountFaults(current) == faults) break;
  }
  return {current, reducer.runs(), reducer.exhausted()};
}

}  // namespace hookcheck::properties
