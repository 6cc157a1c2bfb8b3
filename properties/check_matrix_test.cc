// The configuration matrix of `check` and `conform` (properties/check_matrix.h): what the planner
// lists, that a configuration the loop does not run is unknown (never pass), what the summary
// names, and the matrix's point: seeded bugs living only on the async-index, auto-compaction or
// skip_wal paths pass the single upstream-default configuration's generic suites (generated
// sequences and exhaustive replay: the parts not written for a known bug) and are caught by the
// matrix's shared plan.
#include "properties/check_matrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "engine/mutant.h"
#include "model/op_text.h"
#include "properties/engine_factory.h"
#include "properties/explorer_conformance.h"
#include "properties/property_runner.h"

namespace hookcheck::properties {
namespace {

using model::ContractVersion;
using model::ModelConfig;

constexpr SuitePlan kFull{
    .full = true, .sequences = 1000, .max_ops = 100, .explore_depth = 5, .replay_depth = 3};

TEST(CheckMatrix, DefaultMatrixIsEveryContractTimesWalTimesIndexModeTimesAutoCompaction) {
  const std::vector<ModelConfig> configs = MatrixConfigurations({});
  ASSERT_EQ(configs.size(), 5u * 2 * 2 * 2);
  EXPECT_EQ(configs.front(), ModelConfig{});  // the upstream default first
  std::set<std::string> distinct;
  for (const ModelConfig& c : configs) {
    distinct.insert(model::FormatConfigWords(c));
    EXPECT_TRUE(c.auto_compact_threshold == 0 ||
                c.auto_compact_threshold == kMatrixAutoCompactThreshold);
    EXPECT_EQ(c.index_build_slots, 1);
    EXPECT_EQ(c.remote_counter, model::RemoteCounter::kUpstream);
  }
  EXPECT_EQ(distinct.size(), configs.size());
  for (ContractVersion v : {ContractVersion::kSeed, ContractVersion::kHead}) {
    for (bool skip_wal : {false, true}) {
      for (model::IndexMode mode : {model::IndexMode::kSync, model::IndexMode::kAsync}) {
        EXPECT_TRUE(std::any_of(configs.begin(), configs.end(), [&](const ModelConfig& c) {
          return c.contract == v && c.skip_wal == skip_wal && c.index_mode == mode &&
                 c.auto_compact_threshold > 0;
        }));
      }
    }
  }
}

TEST(CheckMatrix, ContractsRestrictTheContractAxisOnly) {
  const std::vector<ContractVersion> contracts{ContractVersion::kStagingSuppressed,
                                               ContractVersion::kSeed};
  const std::vector<ModelConfig> configs = MatrixConfigurations(contracts);
  ASSERT_EQ(configs.size(), 2u * 8);
  EXPECT_EQ(configs.front(), ModelConfig{});  // version order, whatever the order given
  for (const ModelConfig& c : configs) {
    EXPECT_TRUE(c.contract == ContractVersion::kSeed ||
                c.contract == ContractVersion::kStagingSuppressed);
  }
}

TEST(CheckMatrix, UpstreamDefaultGetsTheFullSuitesAndTheOthersShare) {
  const SuitePlan neighbour = SharedPlan(kFull, /*neighbour=*/true);
  const SuitePlan far = SharedPlan(kFull, /*neighbour=*/false);
  EXPECT_FALSE(neighbour.full);
  EXPECT_EQ(neighbour.sequences, 10);
  EXPECT_EQ(neighbour.explore_depth, 3);
  EXPECT_EQ(neighbour.replay_depth, 2);
  EXPECT_EQ(far.replay_depth, 1);
  EXPECT_EQ(far.sequences, 10);
  EXPECT_EQ(SharedPlan({.sequences = 5, .replay_depth = 1}, true).sequences,
            1);  // never 0 of a nonzero count
  EXPECT_EQ(SharedPlan({.sequences = 5, .replay_depth = 1}, true).replay_depth, 1);
  EXPECT_EQ(SharedPlan({.sequences = 5, .replay_depth = 0}, false).replay_depth, 0);
  const std::vector<MatrixEntry> matrix = PlanMatrix({}, kFull);
  ASSERT_EQ(matrix.size(), 40u);
  EXPECT_EQ(matrix.front().plan, kFull);
  int neighbours = 0;
  for (size_t i = 1; i < matrix.size(); ++i) {
    const bool near = OneAxisAway(matrix[i].config, ModelConfig{});
    neighbours += near;
    EXPECT_EQ(matrix[i].plan, near ? neighbour : far) << i;
  }
  EXPECT_EQ(neighbours, 3 + 4);  // async, skip_wal, auto compaction; v2..v5 defaults
  // With seed left out, the first selected contract's defaults get the full suites.
  const std::vector<ContractVersion> v3{ContractVersion::kStagingSuppressed};
  const std::vector<MatrixEntry> only_v3 = PlanMatrix(v3, kFull);
  EXPECT_EQ(only_v3.front().config.contract, ContractVersion::kStagingSuppressed);
  EXPECT_EQ(only_v3.front().plan, kFull);
}

TEST(CheckMatrix, PinnedMatrixIsTheOneConfigurationWithTheFullSuites) {
  ModelConfig config;
  ASSERT_EQ(model::ParseConfig("contract=v3 skip_wal=1", &config), "");
  const std::vector<MatrixEntry> matrix = PinnedMatrix(config, kFull);
  ASSERT_EQ(matrix.size(), 1u);
  EXPECT_EQ(matrix.front().config, config);
  EXPECT_EQ(matrix.front().plan, kFull);
  EXPECT_EQ(DescribeMatrix(matrix), "configuration " + model::FormatConfigWords(config));
}

TEST(CheckMatrix, AConfigurationNotRunIsUnknownNeverPass) {
  const std::vector<MatrixEntry> matrix = PlanMatrix({}, kFull);
  RunStop stop;
  int runs = 0;
  const auto results = RunMatrix(
      matrix,
      [&](const MatrixEntry&) {
        if (++runs == 2) stop.Interrupt();
        return std::vector<PartResult>{{"generated sequences", "passed", kExitPass, 0}};
      },
      &stop);
  ASSERT_EQ(results.size(), matrix.size());
  EXPECT_EQ(runs, 2);
  EXPECT_TRUE(results[1].ran);
  EXPECT_EQ(results[1].exit_code, kExitPass);
  EXPECT_FALSE(results[2].ran);
  EXPECT_EQ(results[2].exit_code, kExitUnknown);
  EXPECT_NE(results[2].not_run.find("not run"), std::string::npos);
  EXPECT_EQ(MatrixExitCode(results), kExitUnknown);
  const std::string text = FormatMatrixSummary(results, "hookcheck check");
  EXPECT_NE(text.find("configurations: 2 of 40 run"), std::string::npos) << text;
  EXPECT_NE(text.find("UNKNOWN  " + model::FormatConfigWords(matrix[2].config)), std::string::npos)
      << text;
  const nlohmann::json json = MatrixSummaryJson(results);
  EXPECT_EQ(json[2]["verdict"], "UNKNOWN");
  EXPECT_EQ(json[2]["ran"], false);
  // As JUnit cases: the part of a run configuration, named after it; one unknown case for each
  // configuration not run.
  const auto cases = MatrixJUnitCases(results);
  ASSERT_EQ(cases.size(), 2 + (matrix.size() - 2));
  EXPECT_EQ(std::get<0>(cases[1]),
            "generated sequences [" + model::FormatConfigWords(matrix[1].config) + "]");
  EXPECT_EQ(std::get<1>(cases[1]), "pass");
  EXPECT_EQ(std::get<0>(cases[2]),
            "configuration [" + model::FormatConfigWords(matrix[2].config) + "]");
  EXPECT_EQ(std::get<1>(cases[2]), "unknown");
  // A runner that checked nothing is not a pass either.
  const auto empty = RunMatrix(
      PinnedMatrix({}, kFull), [](const MatrixEntry&) { return std::vector<PartResult>{}; },
      nullptr);
  EXPECT_EQ(MatrixExitCode(empty), kExitUnknown);
}

TEST(CheckMatrix, SummaryNamesEveryConfigurationItsReplayDepthAndTheRerunOfAFailure) {
  const std::vector<MatrixEntry> matrix = PlanMatrix({}, kFull);
  const auto results = RunMatrix(
      matrix,
      [&](const MatrixEntry& e) {
        const bool fail = e.config.index_mode == model::IndexMode::kAsync && e.config.skip_wal;
        return std::vector<PartResult>{{"exhaustive replay", fail ? "fail: step 2" : "pass",
                                        fail ? kExitViolation : kExitPass, 0}};
      },
      nullptr);
  EXPECT_EQ(MatrixExitCode(results), kExitViolation);
  const std::string text = FormatMatrixSummary(results, "hookcheck check --mutant hook_on_gc");
  for (const MatrixEntry& e : matrix) {
    EXPECT_NE(text.find(model::FormatConfigWords(e.config) + " | "), std::string::npos);
  }
  EXPECT_NE(text.find("replay depth 3"), std::string::npos);
  EXPECT_NE(text.find("replay depth 2"), std::string::npos);
  EXPECT_NE(text.find("replay depth 1"), std::string::npos);
  ModelConfig failing;
  failing.index_mode = model::IndexMode::kAsync;
  failing.skip_wal = true;
  EXPECT_NE(text.find("re-run this configuration: hookcheck check --mutant hook_on_gc --config \"" +
                      model::FormatConfigWords(failing) + "\""),
            std::string::npos)
      << text;
  const nlohmann::json run = MatrixRunJson(results);
  EXPECT_EQ(run["exit_code"], kExitViolation);
  EXPECT_EQ(run["configurations"].size(), matrix.size());
  EXPECT_EQ(run["configurations"][0]["plan"]["replay_depth"], 3);
  EXPECT_EQ(run["parts"].size(), 1u);  // the first configuration's, as a single-configuration run
}

// The generic suites of one configuration on RefEngine with `mutant`: the generated sequences and
// the exhaustive replay of its plan (the regression corpus and the named scenarios are written
// for the known bugs, so they say nothing about the next one).
std::vector<PartResult> GenericSuites(const MatrixEntry& entry, engine::Mutant mutant) {
  const CheckConfig config{.model = entry.config, .mutant = mutant};
  std::vector<PartResult> parts;
  PropertyOptions property;
  property.check = config;
  property.max_success = entry.plan.sequences;
  property.max_ops = entry.plan.max_ops;
  property.seed = 11;
  property.honor_rc_params = false;
  property.replay_corpus_first = false;
  property.emit_files = false;
  property.verbose = false;
  const PropertyOutcome outcome = RunSequentialProperty(property);
  parts.push_back({"generated sequences", std::string(Name(outcome.verdict)),
                   outcome.passed() ? kExitPass : kExitViolation, 0});
  ConformanceOptions replay;
  replay.explore.config = entry.config;
  replay.explore.max_depth = entry.plan.replay_depth;
  replay.explore.require_all_rows = false;
  replay.jobs = 2;  // the replay waits on engine threads more than it computes
  const ConformanceResult result = CheckConformance(RefEngineFactory(config), replay);
  parts.push_back({"exhaustive replay", std::string(Name(result.verdict)),
                   result.verdict == Verdict::kPass ? kExitPass : kExitViolation, 0});
  return parts;
}

TEST(CheckMatrix, MatrixCatchesSeededBugsThatTheUpstreamDefaultAlonePasses) {
  // Today's default `check`: the upstream default configuration alone, its generic suites at the
  // single-configuration size (replay depth 2, as before depth 3 became the default; fewer
  // sequences, for speed: the bugs are off the default's paths, so no count of sequences reaches
  // them).
  const SuitePlan today{.full = true, .sequences = 20, .max_ops = 100, .replay_depth = 2};
  for (engine::Mutant mutant :
       {engine::Mutant::kEditTriggersIndexBuild, engine::Mutant::kCompactionNotRescheduled,
        engine::Mutant::kClosedBeforeCloseFlush}) {
    SCOPED_TRACE(engine::Name(mutant));
    const ContractVersion contract = engine::ConfigThatShows(mutant).contract;
    const auto single = RunMatrix(
        PinnedMatrix(ModelConfig{}, today),
        [&](const MatrixEntry& e) { return GenericSuites(e, mutant); }, nullptr);
    EXPECT_EQ(MatrixExitCode(single), kExitPass);
    // The matrix's contract axis kept to the versions that matter here, for speed.
    const std::vector<ContractVersion> contracts{contract};
    const auto matrix = RunMatrix(
        PlanMatrix(contracts, today),
        [&](const MatrixEntry& e) { return GenericSuites(e, mutant); }, nullptr);
    EXPECT_EQ(MatrixExitCode(matrix), kExitViolation) << FormatMatrixSummary(matrix, "check");
    // A bug of the seed contract's paths fails on the index mode or auto-compaction axis only,
    // never on the seed defaults; a V2 bug (closed_before_close_flush) is on the contract axis.
    for (const ConfigResult& r : matrix) {
      if (r.exit_code != kExitViolation || contract != ContractVersion::kSeed) continue;
      EXPECT_NE(r.entry.config, ModelConfig{}) << model::FormatConfigWords(r.entry.config);
    }
  }
}

}  // namespace
}  // namespace hookcheck::properties
