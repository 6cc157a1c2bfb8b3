// Each erratum scenario must pass on the clean reference engine and fail with the old behaviour:
// either a seeded engine mutant (looked up by name, since the mutants are being added in
// parallel) or a flip of the config option whose old default was the old behaviour.
#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <set>
#include <string>

#include "engine/mutant.h"
#include "properties/engine_factory.h"
#include "scenarios/scenario.h"

namespace hookcheck::scenarios {
namespace {

struct OldBehaviour {
  const char* scenario;
  const char* erratum;
  const char* mutant = nullptr;  // an engine mutant's name, or
  std::function<void(model::ModelConfig*)> flip =
      nullptr;  // a config flip (model and engine alike)
  const char* flip_text = nullptr;
};

// gtest names the parameter in failure lines.
void PrintTo(const OldBehaviour& old, std::ostream* os) {
  *os << "erratum " << old.erratum << ": " << old.scenario << " vs "
      << (old.mutant ? std::string("mutant ") + old.mutant
                     : std::string("config ") + old.flip_text);
}

void SkipWal(model::ModelConfig* c) { c->skip_wal = true; }
void AsyncIndex(model::ModelConfig* c) { c->index_mode = model::IndexMode::kAsync; }
void ClosedCounter(model::ModelConfig* c) { c->remote_counter = model::RemoteCounter::kClosed; }

const std::vector<OldBehaviour>& Table() {
  static const std::vector<OldBehaviour> table = {
      {"RealWalCloseFlushesNothing", "12", nullptr, SkipWal, "skip_wal=1"},
      {"RealWalOpenReplaysTheMemtable", "12", nullptr, SkipWal, "skip_wal=1"},
      {"SyncIndexFlushFiresNoIndexManifestUpdate", "13", nullptr, AsyncIndex, "index_mode=async"},
      {"SyncIndexBuildIndexAfterSetIndexesRebuildsStaleFiles", "13", nullptr, AsyncIndex,
       "index_mode=async"},
      {"AsyncIndexRegionEditTriggersNoIndexBuild", "14", "edit_triggers_index_build"},
      {"CreateOnOpenRegionIsOkAndChangesNothing", "15", "create_refuses_existing_region"},
      {"CreateOnClosedRegionReopensItWritable", "15", "create_refuses_existing_region"},
      {"CatchupReopenLosesTheReplayedMemtable", "16", "catchup_skips_reopen"},
      {"CatchupWithoutSetWritableAlsoReopens", "16", "catchup_skips_reopen"},
      {"ApplyStagingOnWritableComparesVersionExpr", "17", "apply_staging_compares_live_expr"},
      {"FollowerSyncDropsFetcherOnlyExpr", "18", "follower_sync_keeps_version_expr"},
      {"BugC_FollowerSyncAfterFailedBackfillTakesTheInMemoryExpr", "18",
       "follower_sync_keeps_version_expr"},
      {"ManualCompactionIsRescheduledUntilNothingIsPicked", "19", "compaction_not_rescheduled"},
      {"AutoCompactionAfterEditIsRescheduled", "19", "compaction_not_rescheduled"},
      {"CompactionWithEveryOutputFailedIsStillRescheduled", "19", "compaction_not_rescheduled"},
      {"IndexWriteFailureCancelsWaitingBuilds", "20", "index_failure_spares_waiting_builds"},
      {"IndexWriteFailureWithOnlyAnEmptyBuildWaitingStillFails", "20",
       "index_failure_spares_waiting_builds"},
      {"RemoteCompactionInStagingIsSkipped", "21", "remote_compaction_refused_in_staging"},
      {"StagingFlushFinishingInWritableSchedulesCompaction", "22",
       "flush_compaction_check_reads_start_state"},
      {"RemoteCompactionThenLiveWriteReusesTheCompactorVersion", "23", nullptr, ClosedCounter,
       "remote_counter=closed"},
      {"RemoteCompactionLeavesTheDatanodeManifestBehind", "23", nullptr, ClosedCounter,
       "remote_counter=closed"},
  };
  return table;
}

const Scenario* Find(const std::string& name) {
  for (const Scenario& s : AllScenarios()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

std::string Report(const ScenarioOutcome& outcome) {
  std::string out = outcome.trace;
  for (const std::string& p : outcome.problems) out += "  " + p + "\n";
  return out;
}

class ErratumTest : public ::testing::TestWithParam<OldBehaviour> {};

TEST_P(ErratumTest, PassesOnTheCleanEngine) {
  const Scenario* s = Find(GetParam().scenario);
  ASSERT_NE(s, nullptr) << "no scenario named " << GetParam().scenario;
  auto engine = properties::MakeRefEngine({.model = s->config});
  ScenarioOutcome outcome = RunScenario(*s, engine.get());
  EXPECT_TRUE(outcome.passed()) << s->name << " (" << s->spec << ")\n" << Report(outcome);
}

TEST_P(ErratumTest, FailsWithTheOldBehaviour) {
  const OldBehaviour& old = GetParam();
  const Scenario* s = Find(old.scenario);
  ASSERT_NE(s, nullptr) << "no scenario named " << old.scenario;
  Scenario flipped = *s;
  engine::Mutant mutant = engine::Mutant::kNone;
  std::string what;
  if (old.mutant) {
    std::optional<engine::Mutant> m = engine::ParseMutant(old.mutant);
    ASSERT_TRUE(m.has_value()) << "erratum " << old.erratum << ": engine mutant '" << old.mutant
                               << "' (the old behaviour of " << old.scenario
                               << ") is not defined in engine/mutant.h yet";
    mutant = *m;
    what = std::string("mutant ") + old.mutant;
  } else {
    old.flip(&flipped.config);
    what = std::string("config ") + old.flip_text;
  }
  auto engine = properties::MakeRefEngine({.model = flipped.config, .mutant = mutant});
  ScenarioOutcome outcome = RunScenario(flipped, engine.get());
  EXPECT_FALSE(outcome.passed()) << s->name << " (erratum " << old.erratum
                                 << ") does not catch the old behaviour (" << what << ")\n"
                                 << outcome.trace;
}

INSTANTIATE_TEST_SUITE_P(Errata, ErratumTest, ::testing::ValuesIn(Table()),
                         [](const ::testing::TestParamInfo<OldBehaviour>& info) {
                           return std::string("E") + info.param.erratum + "_" + info.param.scenario;
                         });

TEST(ErrataTable, EveryErratumFrom12To23HasAnEntry) {
  std::set<std::string> covered;
  for (const OldBehaviour& old : Table()) covered.insert(old.erratum);
  for (int e = 12; e <= 23; ++e) EXPECT_TRUE(covered.count(std::to_string(e))) << "erratum " << e;
}

TEST(ErrataTable, EveryErratumScenarioCitesItsSource) {
  for (const Scenario& s : ErrataScenarios()) {
    const std::string spec = s.spec;
    EXPECT_TRUE(spec.find("erratum") != std::string::npos ||
                spec.find("r1 §") != std::string::npos || spec.find("r2 §") != std::string::npos)
        << s.name;
    EXPECT_NE(spec.find("upstream"), std::string::npos) << s.name;
  }
}

TEST(UpstreamSuite, EveryScenarioNamesItsTestAndGap) {
  size_t n = 0;
  for (const Scenario& s : UpstreamScenarios()) {
    ++n;
    EXPECT_NE(s.upstream, nullptr) << s.name;
    EXPECT_NE(s.gap, nullptr) << s.name;
    EXPECT_EQ(std::string(s.name).rfind("Upstream_", 0), 0u) << s.name;
  }
  EXPECT_GE(n, 30u);
  bool has_region_hook = false;
  for (const Scenario& s : UpstreamScenarios())
    has_region_hook |= std::string(s.name) == "Upstream_flush_test_region_hook";
  EXPECT_TRUE(has_region_hook);
}

}  // namespace
}  // namespace hookcheck::scenarios
