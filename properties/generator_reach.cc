#include "properties/generator_reach.h"

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <variant>
#include <vector>

#include "model/step.h"
#include "properties/property_commands.h"

namespace hookcheck::properties {
namespace {

// Window, in commands, between the fault and the reload of `fault_then_reload`.
constexpr size_t kReloadWindow = 5;

template <class T>
bool Is(const model::Command& c) {
  return std::holds_alternative<T>(c.op);
}

bool IsReload(const model::Command& c, const model::RegionState& before,
              const model::StepResult& r) {
  if (r.expect.result != model::ErrorCode::kOk) return false;
  if (Is<model::Open>(c)) return before.presence == model::Presence::kClosed;
  if (Is<model::FollowerSync>(c)) return true;
  // A catch-up reopen re-reads the counter from the live dir: the memtable is gone afterwards.
  return Is<model::Catchup>(c) && !before.memtable.empty() && r.next.memtable.empty();
}

bool RebuildFailed(const model::Command& c, const model::RegionState& before,
                   const model::StepResult& r, const model::ModelConfig& config) {
  return c.fault.kind == model::FaultKind::kRebuildFails && FaultStrikes(before, c, config) &&
         r.expect.result == model::ErrorCode::kUnexpected;
}

// Per-sequence pattern matcher: feed it every step in order.
class Matcher {
 public:
  void Feed(const model::Command& c, const model::RegionState& before, const model::StepResult& r,
            const model::ModelConfig& config) {
    ++index_;
    const bool failed = RebuildFailed(c, before, r, config);
    const bool reload = IsReload(c, before, r);
    if (failed) last_unapplied_ = index_;
    if (reload && last_unapplied_ && index_ - *last_unapplied_ <= kReloadWindow)
      fault_then_reload_ = true;

    if (failed && Is<model::Alter>(c) &&
        std::get<model::Alter>(c.op).kind == model::AlterKind::kSetIndexes) {
      a_stage_ = 1;
    } else if (a_stage_ == 1 && reload) {
      a_stage_ = 2;
    } else if (a_stage_ == 2 && Is<model::BuildIndex>(c) &&
               r.expect.result == model::ErrorCode::kOk) {
      a_stage_ = 3;
    }

    if (failed && Is<model::Flush>(c)) {
      b_stage_ = 1;
    } else if (b_stage_ == 1 && Is<model::Close>(c) &&
               r.next.presence == model::Presence::kClosed) {
      b_stage_ = 2;
    } else if (b_stage_ == 2 && Is<model::Open>(c) && reload) {
      b_stage_ = 3;
    } else if (b_stage_ == 3 && Is<model::Flush>(c) && !before.memtable.empty()) {
      b_stage_ = 4;
    }

    if (failed) {
      c_stage_ = std::max(c_stage_, 1);
    } else if (c_stage_ == 1 && Is<model::FollowerSync>(c) && reload) {
      c_stage_ = 2;
    } else if (c_stage_ == 2 && Is<model::Alter>(c) && !r.expect.calls.empty()) {
      c_stage_ = 3;
    }

    if ((Is<model::CompactLocal>(c) || Is<model::CompactRemote>(c)) &&
        before.live_files.size() >= 17 && before.presence == model::Presence::kOpen &&
        before.role == model::RoleState::kWritable) {
      big_compaction_ = true;
    }
  }

  void AddTo(Reach* reach) const {
    reach->fault_then_reload += fault_then_reload_;
    reach->set_indexes_unapplied_reload_build += a_stage_ == 3;
    reach->flush_unapplied_reopen_flush += b_stage_ == 4;
    reach->unapplied_sync_then_alter += c_stage_ == 3;
    reach->compaction_9_outputs += big_compaction_;
  }

 private:
  size_t index_ = 0;
  std::optional<size_t> last_unapplied_;
  bool fault_then_reload_ = false;
  int a_stage_ = 0, b_stage_ = 0, c_stage_ = 0;
  bool big_compaction_ = false;
};

}  // namespace

Reach MeasureReach(const model::ModelConfig& config, size_t sequences, size_t max_ops,
                   uint64_t seed) {
  PropertyModel initial;
  initial.config = config;
  const auto gen = rc::state::gen::commands(initial, &GenerateCommand);
  rc::Random random(seed);
  Reach reach;
  for (size_t i = 0; i < sequences; ++i) {
    // The size grows over the run as RapidCheck's does, so short and long sequences both occur.
    const int size = static_cast<int>(max_ops * (i % 100 + 1) / 100);
    const rc::Random here = random.split();
    const auto commands = gen(here, size).value();
    model::RegionState state = *initial.state;
    Matcher matcher;
    for (const PropertyCommandPtr& generated : commands) {
      const auto* carrier = dynamic_cast<const CarriesCommand*>(generated.get());
      if (carrier == nullptr) continue;
      const model::Command& command = carrier->command();
      model::StepResult result = model::Step(state, command, config);
      matcher.Feed(command, state, result, config);
      state = std::move(result.next);
      ++reach.steps;
    }
    matcher.AddTo(&reach);
    ++reach.sequences;
  }
  return reach;
}

std::string ToString(const Reach& r) {
  const double k = r.sequences ? 1000.0 / static_cast<double>(r.sequences) : 0;
  char line[400];
  std::snprintf(
      line, sizeof line,
      "per 1000 sequences: fault_then_reload %.1f, set_indexes_unapplied_reload_build %.2f, "
      "flush_unapplied_reopen_flush %.2f, unapplied_sync_then_alter %.2f, compaction_9_outputs "
      "%.1f "
      "(%zu sequences, %zu steps)",
      r.fault_then_reload * k, r.set_indexes_unapplied_reload_build * k,
      r.flush_unapplied_reopen_flush * k, r.unapplied_sync_then_alter * k,
      r.compaction_9_outputs * k, r.sequences, r.steps);
  return line;
}

}  // namespace hookcheck::properties
