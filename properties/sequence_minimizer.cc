#include "properties/sequence_minimizer.h"

#include <algorithm>
#include <optional>

#include "model/op_text.h"
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
    return Commands(candidate.begin(),
                    candidate.begin() + static_cast<long>(*run.failed_index) + 1);
  }

  // Removes chunks of commands, halving the chunk size; a kept removal rescans at the same size.
  void DropChunks(Commands* current) {
    for (size_t chunk = std::max<size_t>(current->size() / 2, 1); !exhausted();) {
      bool removed = false;
      for (size_t start = 0; start + chunk <= current->size() && !exhausted();) {
        Commands candidate(current->begin(), current->begin() + static_cast<long>(start));
        candidate.insert(candidate.end(), current->begin() + static_cast<long>(start + chunk),
                         current->end());
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

  // Replaces each command by its op with default parameters where the failure does not need
  // the non-default ones (a shorter line to read).
  void DefaultParameters(Commands* current) {
    for (size_t i = 0; i < current->size() && !exhausted(); ++i) {
      model::ParsedCommand plain = model::ParseCommand(model::OpName((*current)[i].op));
      if (!plain.command || plain.command->op == (*current)[i].op) continue;
      Commands candidate = *current;
      candidate[i].op = plain.command->op;
      if (auto prefix = FailingPrefix(candidate)) *current = std::move(*prefix);
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

}  // namespace

Minimized MinimizeFailingSequence(const Commands& commands, const EngineFactory& factory,
                                  const model::ModelConfig& config, int max_runs) {
  Reducer reducer(factory, config, max_runs);
  Commands current = commands;
  if (auto prefix = reducer.FailingPrefix(current)) current = std::move(*prefix);
  // Dropping a fault or a parameter can make a command removable again, so repeat until a round
  // changes nothing.
  while (!reducer.exhausted()) {
    const Commands before = current;
    reducer.DropChunks(&current);
    reducer.DropFaults(&current);
    reducer.DefaultParameters(&current);
    if (current == before) break;
  }
  return {current, reducer.runs(), reducer.exhausted()};
}

}  // namespace hookcheck::properties
