// File: properties/property_commands.h
// Defines the RapidCheck state-machine vocabulary of the sequential property:
//   - `PropertyModel`, the rc::state model (the model's RegionState plus its ModelConfig);
//   - `PropertySut`, the system under test: one engine driven by a SequentialChecker, which keeps
//     every StepRecord of the sequence (KeepForReport) so a failure can be printed and saved;
//   - `OpCommand<OpT>`, one rc::state::Command per alternative of model::Op (22 kinds), each
//     carrying an optional one-shot model::Fault;
//   - `GenerateCommand`, the state-driven generator handed to rc::state::check.
// Thread-safety: commands are immutable values shared by RapidCheck; a PropertySut is externally
// synchronized (one per generated sequence, driven from the test thread).
//
// Preconditions. The model accepts every command in every state (a refusal is part of the
// contract and is checked like any other outcome), so checkPreconditions only keeps sequences
// bounded: a memtable of at most kMaxMemtableRows rows and a region of at most kMaxFiles files.
// Meaningfulness is the generator's job instead: GenerateCommand weights the op kinds by the
// model state (ApplyStaging and Remap when staging, Open when closed, Create when dropped, ...),
// and keeps a small weight on every other op so that refusals are exercised too.
#ifndef HOOKCHECK_PROPERTIES_PROPERTY_COMMANDS_H_
#define HOOKCHECK_PROPERTIES_PROPERTY_COMMANDS_H_

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "engine/engine.h"
#include "model/config.h"
#include "model/op.h"
#include "model/op_text.h"
#include "model/region_state.h"
#include "model/step.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {

// Bounds kept by checkPreconditions (see the banner).
inline constexpr size_t kMaxMemtableRows = 16;
inline constexpr size_t kMaxFiles = 40;

// Shared and immutable: RapidCheck copies the model into every command generator it builds (one
// per op kind, each draw) and keeps one per generated step, so a copy must not copy the state.
struct PropertyModel {
  std::shared_ptr<const model::RegionState> state =
      std::make_shared<const model::RegionState>(model::InitialState());
  model::ModelConfig config;
};

// One step as the property saw it: the checker's record (as KeepForReport leaves it) plus what the
// coverage table needs. No model state: a sequence holds O(steps), not O(steps x live files).
struct PropertyStep {
  StepRecord record;
  bool fault_struck = false;  // the command's fault changed the expectation or the next state
};

class PropertySut {
 public:
  // `engine` must be freshly opened (see SequentialChecker).
  PropertySut(std::unique_ptr<engine::Engine> engine, const model::ModelConfig& config);

  // Runs `command` on the model and the engine; returns the step's record (also kept in steps()).
  const StepRecord& Apply(const model::Command& command);

  const model::RegionState& model_state() const { return checker_.model_state(); }
  const model::ModelConfig& config() const { return config_; }
  const std::vector<PropertyStep>& steps() const { return steps_; }
  // The command being applied when an exception left Apply, if any.
  const std::optional<model::Command>& in_flight() const { return in_flight_; }
  // Every command applied (or in flight), in order.
  std::vector<model::Command> Commands() const;
  // The steps as a RunResult (failed_index set iff the last step does not conform).
  RunResult AsRunResult() const;
  engine::Engine& engine() { return *engine_; }

 private:
  std::unique_ptr<engine::Engine> engine_;
  model::ModelConfig config_;
  SequentialChecker checker_;
  std::vector<PropertyStep> steps_;
  std::optional<model::Command> in_flight_;
};

// Whether `fault` would strike when `command` runs in `state`: the expectation or the next state
// differs from the same command without the fault. Pure.
bool FaultStrikes(const model::RegionState& state, const model::Command& command,
                  const model::ModelConfig& config);

using PropertyCommand = rc::state::Command<PropertyModel, PropertySut>;
using PropertyCommandPtr = std::shared_ptr<const PropertyCommand>;

// The bounded-resource precondition of `command` in `state` (see the banner). Pure.
bool WithinBounds(const model::Command& command, const model::RegionState& state);

// Generators of each op's fields and of the fault, given the state as a hint. Must be called
// inside a RapidCheck generation context (they use Gen::operator*).
template <class OpT>
OpT GenerateOp(const PropertyModel& s);
model::Fault GenerateFault(const model::Op& op, const PropertyModel& s);

// The model command a generated rc::state command carries, for readers of a generated sequence
// that only have the type-erased PropertyCommand (the reach measurement).
class CarriesCommand {
 public:
  virtual ~CarriesCommand() = default;
  virtual const model::Command& command() const = 0;
};

// One command per op kind. Values are drawn in the constructor (execOneOfWithArgs runs it inside
// gen::exec), so RapidCheck shrinks each field towards its simplest value.
template <class OpT>
class OpCommand final : public PropertyCommand, public CarriesCommand {
 public:
  explicit OpCommand(const PropertyModel& s) {
    command_.op = GenerateOp<OpT>(s);
    command_.fault = GenerateFault(command_.op, s);
  }

  void checkPreconditions(const PropertyModel& s0) const override {
    RC_PRE(WithinBounds(command_, *s0.state));
  }

  void apply(PropertyModel& s0) const override {
    s0.state = std::make_shared<const model::RegionState>(
        model::Step(*s0.state, command_, s0.config).next);
  }

  void run(const PropertyModel& s0, PropertySut& sut) const override;

  void show(std::ostream& os) const override { os << model::FormatCommand(command_); }

  const model::Command& command() const override { return command_; }

 private:
  model::Command command_;
};

// The generator function of rc::state::check: a state-weighted choice among the 22 commands.
rc::Gen<PropertyCommandPtr> GenerateCommand(const PropertyModel& s);

// Runs one sequence (one RapidCheck case) on `sut`: rc::state::check from the initial state with
// GenerateCommand. Throws (as rc::state::check does) on the first step that does not conform;
// `sut` then holds every step run.
void CheckGeneratedSequence(PropertySut& sut);

// ----- implementation of the one non-trivial template member -----

template <class OpT>
void OpCommand<OpT>::run(const PropertyModel& s0, PropertySut& sut) const {
  // The harness's own model must be where RapidCheck's is; anything else is a harness bug.
  if (!(*s0.state == sut.model_state())) {
    RC_FAIL("harness bug: RapidCheck's model state differs from the checker's before " +
            model::FormatCommand(command_) + "\nrapidcheck:\n" + model::ToString(*s0.state) +
            "\nchecker:\n" + model::ToString(sut.model_state()));
  }
  const StepRecord& record = sut.Apply(command_);
  if (!record.ok()) RC_FAIL(FormatRun(sut.AsRunResult()));
}

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_PROPERTY_COMMANDS_H_
