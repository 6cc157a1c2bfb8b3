#include "properties/sequence_minimizer.h"

#include <gtest/gtest.h>

#include "model/op_text.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {
namespace {

std::vector<model::Command> Parse(const char* text) {
  model::ParsedSequence parsed = model::ParseInline(text, {});
  EXPECT_TRUE(parsed.sequence) << parsed.error;
  return parsed.sequence ? parsed.sequence->commands : std::vector<model::Command>{};
}

bool Fails(const EngineFactory& factory, const std::vector<model::Command>& commands) {
  auto engine = factory();
  return !RunSequence(engine.get(), {}, commands).passed();
}

TEST(SequenceMinimizer, ReducesToAOneMinimalFailingSequence) {
  const EngineFactory factory = RefEngineFactory({.mutant = engine::Mutant::kSkipSfwOnCompaction});
  const std::vector<model::Command> noisy = Parse(
      "Put ts=1; Flush; Gc; Put ts=2; Alter kind=noop; Flush fault=save_fails; Checkpoint; "
      "EditRegion add=1;"
      "CopyRegion source_files=2; Put ts=7; CompactLocal; Put ts=3; Flush");
  ASSERT_TRUE(Fails(factory, noisy));

  const Minimized m = MinimizeFailingSequence(noisy, factory, {});
  EXPECT_FALSE(m.budget_reached);
  EXPECT_TRUE(Fails(factory, m.commands)) << model::FormatInline(m.commands);
  // A compaction needs two files: two commands at least, and this reduction finds such a pair.
  EXPECT_EQ(m.commands.size(), 2u) << model::FormatInline(m.commands);
  // One-minimal: without any single command it passes.
  for (size_t i = 0; i < m.commands.size(); ++i) {
    std::vector<model::Command> fewer = m.commands;
    fewer.erase(fewer.begin() + static_cast<long>(i));
    EXPECT_FALSE(Fails(factory, fewer)) << "still fails without command " << i;
  }
}

TEST(SequenceMinimizer, DropsFaultsTheFailureDoesNotNeed) {
  const EngineFactory factory = RefEngineFactory({.mutant = engine::Mutant::kHookOnGc});
  const Minimized m =
      MinimizeFailingSequence(Parse("Put ts=1; Flush fault=save_fails; Gc"), factory, {});
  EXPECT_EQ(model::FormatInline(m.commands), "Gc full_listing=0");
}

TEST(SequenceMinimizer, ResetsParametersTheFailureDoesNotNeed) {
  const EngineFactory factory =
      RefEngineFactory({.mutant = engine::Mutant::kApplyStagingFiresOnce});
  const Minimized m = MinimizeFailingSequence(
      Parse("Put ts=9; EnterStaging expr=3; Remap files=4; ApplyStaging expr=3"), factory, {});
  // The expr must match between EnterStaging and ApplyStaging, so it stays; the rest goes.
  EXPECT_EQ(
      model::FormatInline(m.commands),
      "EnterStaging directive=update_partition_expr expr=3; Remap files=1; ApplyStaging expr=3");
}

TEST(SequenceMinimizer, StopsAtItsRunBudget) {
  const EngineFactory factory = RefEngineFactory({.mutant = engine::Mutant::kHookOnGc});
  const Minimized m = MinimizeFailingSequence(Parse("Put ts=1; Flush; Put ts=2; Flush; Gc"),
                                              factory, {}, /*max_runs=*/2);
  EXPECT_TRUE(m.budget_reached);
  EXPECT_EQ(m.runs, 2);
}

}  // namespace
}  // namespace hookcheck::properties
