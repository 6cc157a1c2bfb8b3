#include "properties/property_commands.h"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <variant>

namespace hookcheck::properties {
namespace {

using model::Presence;
using model::RoleState;

// Draws one of `choices`, weighted; shrinks towards the first choice. (rc::gen::weightedElement
// does not shrink at all, so it would leave counterexamples full of rare values.)
template <class T>
T Weighted(std::initializer_list<std::pair<std::size_t, T>> choices) {
  std::size_t total = 0;
  for (const auto& c : choices) total += c.first;
  std::size_t n = *rc::gen::inRange<std::size_t>(0, total);
  for (const auto& c : choices) {
    if (n < c.first) return c.second;
    n -= c.first;
  }
  return choices.begin()->second;
}

// A number in [lo, hi]; shrinks towards lo.
uint8_t Between(int lo, int hi) { return static_cast<uint8_t>(*rc::gen::inRange<int>(lo, hi + 1)); }

// Mostly `usual`, sometimes a number in [lo, hi].
uint8_t MostlyOr(uint8_t usual, int lo, int hi, std::size_t usual_weight = 4) {
  return Weighted<bool>({{usual_weight, true}, {1, false}}) ? usual : Between(lo, hi);
}

bool Staging(const model::RegionState& s) {
  return s.presence == Presence::kOpen && s.role == RoleState::kStaging;
}

// The live dir holds a delta the in-memory manifest lacks (model::LiveDirDiffers). Only
// a reload (Open, FollowerSync, a catch-up reopen) makes the two agree again, so the bugs of that
// window need a reload soon after the fault: the generator then makes the reloads key ops.
bool Unapplied(const model::RegionState& s) {
  return s.presence == Presence::kOpen && model::LiveDirDiffers(s);
}

// Ops that reach a manifest write or an SST write, so a fault can strike.
bool CanFault(const model::Op& op) {
  return std::holds_alternative<model::Flush>(op) ||
         std::holds_alternative<model::CompactLocal>(op) ||
         std::holds_alternative<model::EditRegion>(op) ||
         std::holds_alternative<model::CopyRegion>(op) ||
         std::holds_alternative<model::EnterStaging>(op) ||
         std::holds_alternative<model::ApplyStaging>(op) ||
         std::holds_alternative<model::Alter>(op) || std::holds_alternative<model::Truncate>(op) ||
         std::holds_alternative<model::BuildIndex>(op) ||
         std::holds_alternative<model::Close>(op) || std::holds_alternative<model::Catchup>(op) ||
         std::holds_alternative<model::SetRoleGracefully>(op);
}

size_t FilesAdded(const model::Op& op) {
  if (auto* e = std::get_if<model::EditRegion>(&op)) return size_t{e->add} + e->queued;
  if (auto* c = std::get_if<model::CopyRegion>(&op)) return c->source_files;
  if (auto* r = std::get_if<model::Remap>(&op)) return r->files;
  return 0;
}

}  // namespace

// ----- op generators -----

template <>
model::Put GenerateOp<model::Put>(const PropertyModel&) {
  return {.ts = Between(0, 15)};
}
template <>
model::Flush GenerateOp<model::Flush>(const PropertyModel&) {
  return {};
}
template <>
model::CompactLocal GenerateOp<model::CompactLocal>(const PropertyModel&) {
  model::CompactLocal op;
  op.expire_before = MostlyOr(0, 1, 16);
  op.failed_outputs = MostlyOr(0, 1, 255, 5);
  op.crash = Weighted<bool>({{9, false}, {1, true}});
  op.budget_fails = Weighted<bool>({{9, false}, {1, true}});
  return op;
}
template <>
model::CompactRemote GenerateOp<model::CompactRemote>(const PropertyModel&) {
  model::CompactRemote op;
  op.plugins = Weighted<bool>({{4, true}, {1, false}});
  op.expire_before = MostlyOr(0, 1, 16);
  return op;
}
template <>
model::EditRegion GenerateOp<model::EditRegion>(const PropertyModel& s) {
  model::EditRegion op;
  // Now and then a bulk load, so that compactions with many outputs (9 and more: the picker pairs
  // inputs) are reached within a short sequence.
  op.add = Weighted<bool>({{11, true}, {1, false}})
               ? Weighted<uint8_t>({{6, 1}, {3, 2}, {2, 3}, {1, 0}})
               : Between(8, 16);
  const int live = static_cast<int>(s.state->live_files.size());
  op.remove = Weighted<bool>({{3, true}, {1, false}}) ? 0 : Between(1, std::max(1, live));
  op.rows = Weighted<uint8_t>({{5, 1}, {1, 0}, {1, 5}});
  op.queued = MostlyOr(0, 1, 3);
  return op;
}
template <>
model::CopyRegion GenerateOp<model::CopyRegion>(const PropertyModel&) {
  return {.source_files = Weighted<uint8_t>({{4, 1}, {3, 2}, {2, 4}, {1, 0}})};
}
template <>
model::EnterStaging GenerateOp<model::EnterStaging>(const PropertyModel&) {
  model::EnterStaging op;
  op.directive =
      Weighted<model::StagingDirective>({{4, model::StagingDirective::kUpdatePartitionExpr},
                                         {1, model::StagingDirective::kRejectAllWrites}});
  op.expr = Between(1, 3);
  return op;
}
template <>
model::Remap GenerateOp<model::Remap>(const PropertyModel&) {
  return {.files = Weighted<uint8_t>({{5, 1}, {3, 2}, {1, 0}})};
}
template <>
model::ApplyStaging GenerateOp<model::ApplyStaging>(const PropertyModel& s) {
  // Mostly the expression staging was entered with (on W: the version's), so the apply goes through.
  const model::PartitionExpr staged =
      s.state->staging_expr != 0 ? s.state->staging_expr : s.state->version_expr;
  if (staged != 0 && Weighted<bool>({{4, true}, {1, false}})) return {.expr = staged};
  return {.expr = Between(1, 3)};
}
template <>
model::Alter GenerateOp<model::Alter>(const PropertyModel&) {
  return {.kind = Weighted<model::AlterKind>({{4, model::AlterKind::kAddColumn},
                                              {2, model::AlterKind::kSetIndexes},
                                              {2, model::AlterKind::kFormat},
                                              {1, model::AlterKind::kOptionsOnly},
                                              {1, model::AlterKind::kNoop}})};
}
template <>
model::Truncate GenerateOp<model::Truncate>(const PropertyModel&) {
  model::Truncate op;
  op.all = Weighted<bool>({{1, true}, {1, false}});
  if (!op.all) {
    op.lo = Between(0, 15);
    op.hi = Between(op.lo, 15);
  }
  return op;
}
template <>
model::BuildIndex GenerateOp<model::BuildIndex>(const PropertyModel&) {
  return {};
}
template <>
model::Drop GenerateOp<model::Drop>(const PropertyModel&) {
  return {};
}
template <>
model::Close GenerateOp<model::Close>(const PropertyModel&) {
  return {};
}
template <>
model::Open GenerateOp<model::Open>(const PropertyModel&) {
  return {.fetch_partition_expr = Weighted<bool>({{3, true}, {1, false}})};
}
template <>
model::Create GenerateOp<model::Create>(const PropertyModel&) {
  return {};
}
template <>
model::FollowerSync GenerateOp<model::FollowerSync>(const PropertyModel&) {
  return {};
}
template <>
model::Catchup GenerateOp<model::Catchup>(const PropertyModel&) {
  return {.set_writable = Weighted<bool>({{4, true}, {1, false}})};
}
template <>
model::Gc GenerateOp<model::Gc>(const PropertyModel& s) {
  // Drawn only where it matters (V4's on_region_gc), so the V1 stream of draws is unchanged.
  if (!model::FiresGcCallback(s.config.contract)) return {};
  return {.full_listing = Weighted<bool>({{2, false}, {1, true}})};
}
template <>
model::OfflineCleanup GenerateOp<model::OfflineCleanup>(const PropertyModel&) {
  return {};
}
template <>
model::DiscardUnflushed GenerateOp<model::DiscardUnflushed>(const PropertyModel&) {
  return {};
}
template <>
model::Checkpoint GenerateOp<model::Checkpoint>(const PropertyModel&) {
  return {};
}
template <>
model::SetRole GenerateOp<model::SetRole>(const PropertyModel&) {
  return {.role = *rc::gen::element(RoleState::kFollower, RoleState::kWritable,
                                    RoleState::kDowngrading)};
}
template <>
model::SetRoleGracefully GenerateOp<model::SetRoleGracefully>(const PropertyModel&) {
  return {.target =
              Weighted<model::GracefulTarget>({{3, model::GracefulTarget::kLeader},
                                               {2, model::GracefulTarget::kStagingLeader},
                                               {1, model::GracefulTarget::kFollower},
                                               {1, model::GracefulTarget::kDowngradingLeader}})};
}

model::Fault GenerateFault(const model::Op& op, const PropertyModel& s) {
  model::Fault fault;
  if (!CanFault(op)) return fault;
  // With more than one slot, the builds of a BuildIndex save concurrently and the fault strikes
  // whichever saves first: no sequential prediction exists (docs/contract.md §1.6).
  if (std::holds_alternative<model::BuildIndex>(op) && s.config.index_build_slots > 1) return fault;
  // The SST faults only strike in a flush or a local compaction: give those ops more of them.
  const bool writes_sst =
      std::holds_alternative<model::Flush>(op) || std::holds_alternative<model::CompactLocal>(op);
  const std::size_t sst = writes_sst ? 3 : 1;
  // A staging flush whose role changes before the commit is where the stale is_staging (§7 quirk
  // 2) and the post-flush compaction check reading the role then (erratum 22) show.
  const bool staging_flush =
      std::holds_alternative<model::Flush>(op) && Staging(*s.state) && !s.state->memtable.empty();
  // rebuild_fails weighs double: it is the one fault that leaves state behind (a persisted but
  // unapplied delta) for later ops to trip over.
  // V5's flush cancellation; weight 0 below V5 and last, so the V1 draws are unchanged.
  const std::size_t cancel =
      model::HasHeadPaths(s.config.contract) && std::holds_alternative<model::Flush>(op) ? 2 : 0;
  fault.kind = Weighted<model::FaultKind>(
      {{16, model::FaultKind::kNone},
       {1, model::FaultKind::kSaveFails},
       {2, model::FaultKind::kRebuildFails},
       {sst, model::FaultKind::kSstWriteFails},
       {staging_flush ? 4 * sst : sst, model::FaultKind::kRoleChangeBeforeCommit},
       {cancel, model::FaultKind::kFlushCancelled}});
  if (fault.kind == model::FaultKind::kRoleChangeBeforeCommit) {
    fault.role =
        *rc::gen::element(RoleState::kFollower, RoleState::kWritable, RoleState::kDowngrading);
  }
  return fault;
}

// ----- preconditions and fault detection -----

bool WithinBounds(const model::Command& command, const model::RegionState& state) {
  if (std::holds_alternative<model::Put>(command.op) && state.memtable.size() >= kMaxMemtableRows)
    return false;
  const size_t added = FilesAdded(command.op);
  if (added > 0 && state.live_files.size() + state.staged_files.size() + added > kMaxFiles)
    return false;
  return true;
}

bool FaultStrikes(const model::RegionState& state, const model::Command& command,
                  const model::ModelConfig& config) {
  if (command.fault.kind == model::FaultKind::kNone) return false;
  const model::StepResult with = model::Step(state, command, config);
  const model::StepResult without = model::Step(state, model::Command{command.op, {}}, config);
  return !(with.expect == without.expect) || !(with.next == without.next);
}

// ----- the system under test -----

PropertySut::PropertySut(std::unique_ptr<engine::Engine> engine, const model::ModelConfig& config)
    : engine_(std::move(engine)), config_(config), checker_(engine_.get(), config) {}

const StepRecord& PropertySut::Apply(const model::Command& command) {
  in_flight_ = command;
  PropertyStep step;
  step.fault_struck = FaultStrikes(checker_.model_state(), command, config_);
  step.record = checker_.Apply(command);
  KeepForReport(&step.record);
  steps_.push_back(std::move(step));
  in_flight_.reset();
  return steps_.back().record;
}

std::vector<model::Command> PropertySut::Commands() const {
  std::vector<model::Command> out;
  out.reserve(steps_.size() + 1);
  for (const PropertyStep& s : steps_) out.push_back(s.record.command);
  if (in_flight_) out.push_back(*in_flight_);
  return out;
}

RunResult PropertySut::AsRunResult() const {
  RunResult run;
  run.steps.reserve(steps_.size());
  for (const PropertyStep& s : steps_) run.steps.push_back(s.record);
  if (!run.steps.empty() && !run.steps.back().ok()) run.failed_index = run.steps.size() - 1;
  return run;
}

// ----- the generator -----

namespace {

using OpGenFactory = rc::Gen<PropertyCommandPtr> (*)(const PropertyModel&);

template <class Op>
rc::Gen<PropertyCommandPtr> OpGen(const PropertyModel& s) {
  return rc::state::gen::execOneOfWithArgs<OpCommand<Op>>()(s);
}

struct WeightedOp {
  std::size_t weight;
  OpGenFactory make;
};

// rc::gen::weightedOneOf(pairs) takes every choice's generator already built, and the state
// machine calls GenerateCommand at every step, so it built 25 generators to use one. This builds
// the drawn one only. It draws as weightedOneOf does (gen::join of gen::weightedElement: the
// choice from the first half of a split, by one next() modulo the total weight; the command from
// the second half; no shrinking of the choice), so a seed gives the same sequences as before.
class WeightedOpGen {
 public:
  WeightedOpGen(std::vector<WeightedOp> ops, PropertyModel s)
      : ops_(std::move(ops)), state_(std::move(s)) {
    for (const WeightedOp& op : ops_) total_ += op.weight;
  }

  rc::Shrinkable<PropertyCommandPtr> operator()(const rc::Random& random, int size) const {
    if (total_ == 0) throw rc::GenerationFailure("Sum of weights is 0");
    rc::Random choice = random;
    const rc::Random command = choice.split();
    std::size_t x = static_cast<std::size_t>(choice.next() % total_);
    std::size_t i = 0;
    while (x >= ops_[i].weight) x -= ops_[i++].weight;
    return ops_[i].make(state_)(command, size);
  }

 private:
  std::vector<WeightedOp> ops_;
  PropertyModel state_;
  std::size_t total_ = 0;
};

}  // namespace

rc::Gen<PropertyCommandPtr> GenerateCommand(const PropertyModel& s) {
  const model::RegionState& st = *s.state;
  const bool open = st.presence == Presence::kOpen;
  const bool closed = st.presence == Presence::kClosed;
  const bool dropped = st.presence == Presence::kDropped;
  const bool writable = open && st.role == RoleState::kWritable;
  const bool staging = Staging(st);
  const bool follower = open && st.role == RoleState::kFollower;
  const bool downgrading = open && st.role == RoleState::kDowngrading;
  const bool leader = writable || staging;
  const bool unapplied = Unapplied(st);
  const bool many_files = st.live_files.size() >= 17;  // the picker makes 9 or more outputs
  const bool head = model::HasHeadPaths(s.config.contract);
  const bool stale_index =
      std::any_of(st.live_files.begin(), st.live_files.end(),
                  [](const model::FileMeta& f) { return f.needs_index && f.rows > 0; });

  // Weight of an op that is the point of the current state, of one that usually goes through,
  // and of one that is mostly refused (kept so refusals are checked too).
  constexpr std::size_t kKey = 24, kUsual = 6, kRare = 1;
  auto w = [](bool key, bool usual) { return key ? kKey : usual ? kUsual : kRare; };

  // The order is part of the draw: reordering the entries changes which sequences a seed gives.
  return WeightedOpGen(
      {
          {w(false, leader), &OpGen<model::Put>},
          {w(false, leader || downgrading) * (st.memtable.empty() ? 1 : 2), &OpGen<model::Flush>},
          {w(false, open), &OpGen<model::Gc>},
          {w(false, open), &OpGen<model::Checkpoint>},
          {w(writable && many_files, writable), &OpGen<model::CompactLocal>},
          {w(false, writable), &OpGen<model::CompactRemote>},
          {w(false, leader), &OpGen<model::EditRegion>},
          {w(false, writable), &OpGen<model::CopyRegion>},
          {w(false, writable), &OpGen<model::EnterStaging>},
          {w(staging, false), &OpGen<model::Remap>},
          // On W it compares the version's expr, which an open may have filled from the fetcher.
          {w(staging && st.remap_blob.has_value(),
             staging || (writable && st.version_expr != st.live_expr)),
           &OpGen<model::ApplyStaging>},
          {w(false, writable), &OpGen<model::Alter>},
          {w(false, writable), &OpGen<model::Truncate>},
          {w(writable && stale_index, writable), &OpGen<model::BuildIndex>},
          {kRare, &OpGen<model::Drop>},
          {unapplied ? kKey : kRare, &OpGen<model::Close>},
          {w(closed, false), &OpGen<model::Open>},
          {w(dropped, closed), &OpGen<model::Create>},
          {w(follower && unapplied, follower), &OpGen<model::FollowerSync>},
          {w(follower || downgrading, false), &OpGen<model::Catchup>},
          {w(unapplied && !follower, open && !staging), &OpGen<model::SetRole>},
          {w(false, open), &OpGen<model::SetRoleGracefully>},
          // V5's ops: weight 0 below V5 and last, so the V1 draws are unchanged.
          {head ? w(false, !open) : 0, &OpGen<model::OfflineCleanup>},
          {head ? w(false, writable) : 0, &OpGen<model::DiscardUnflushed>},
      },
      s);
}

void CheckGeneratedSequence(PropertySut& sut) {
  PropertyModel initial;
  initial.config = sut.config();
  rc::state::check(initial, sut, &GenerateCommand);
}

}  // namespace hookcheck::properties
