// The generator keeps reaching the multi-step patterns of properties/generator_reach.h. Before
// the state-driven reload weights and bulk edits, 4,000 default sequences held about 16
// fault-then-reload patterns and one compaction with 9+ outputs; now they hold about 160 and 9.
#include "properties/generator_reach.h"

#include <gtest/gtest.h>

namespace hookcheck::properties {
namespace {

TEST(GeneratorReach, BuildsFaultThenReloadAndLargeCompactions) {
  const Reach r = MeasureReach(model::ModelConfig{}, 4000, 100, 7);
  SCOPED_TRACE(ToString(r));
  EXPECT_EQ(r.sequences, 4000u);
  EXPECT_GE(r.fault_then_reload, 80u);
  EXPECT_GE(r.compaction_9_outputs, 3u);
  EXPECT_GE(r.flush_unapplied_reopen_flush, 3u);
  EXPECT_GE(r.set_indexes_unapplied_reload_build, 1u);
  EXPECT_GE(r.unapplied_sync_then_alter, 3u);
}

}  // namespace
}  // namespace hookcheck::properties
