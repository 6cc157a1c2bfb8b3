// File: properties/explorer_test.cc
// Tests of the model checker: its verdict is three-valued, its paths are shortest and replay, an
// injected false invariant is caught with its shortest path, the coverage rows are reached within
// the CI depth, and shards merge into the whole exploration.
#include "properties/explorer.h"

#include <gtest/gtest.h>

#include <variant>

#include "model/step.h"
#include "properties/explorer_merge.h"
#include "properties/explorer_role_graph.h"

namespace hookcheck::properties {
namespace {

ExploreOptions Depth(int depth, bool require_rows = false) {
  ExploreOptions o;
  o.max_depth = depth;
  o.require_all_rows = require_rows;
  return o;
}

const RowCoverage& Row(const ExploreResult& r, const std::string& name) {
  for (const auto& row : r.rows) {
    if (row.name == name) return row;
  }
  ADD_FAILURE() << "no row " << name;
  static RowCoverage none;
  return none;
}

// Replays `path` through the model; returns the last edge's StepResult and its start state.
std::pair<model::RegionState, model::StepResult> Replay(const Path& path,
                                                        const model::ModelConfig& config) {
  model::RegionState s = model::InitialState();
  model::StepResult last{s, {}};
  model::RegionState before = s;
  for (const auto& c : path) {
    before = s;
    last = model::Step(s, c, config);
    s = last.next;
  }
  return {before, last};
}

TEST(ExplorerTest, DepthZeroStoresOnlyTheRoot) {
  ExploreResult r = Explore(Depth(0));
  EXPECT_EQ(r.stats.states, 1u);
  EXPECT_EQ(r.stats.edges, 0u);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.reason;
}

TEST(ExplorerTest, DepthOneExaminesEveryCommandOnce) {
  ExploreResult r = Explore(Depth(1));
  EXPECT_EQ(r.stats.edges, r.alphabet.size());
  EXPECT_EQ(r.stats.depth_reached, 1);
  EXPECT_EQ(r.stats.states, r.stats.tree_edges + 1);
  EXPECT_TRUE(r.violations.empty()) << FormatReport(r);
}

TEST(ExplorerTest, InjectedFalseInvariantIsCaughtWithItsShortestPath) {
  ExploreOptions o = Depth(4);
  // False on purpose: the seed contract's ApplyStaging fires MU twice.
  o.invariants.push_back({"injected_apply_staging_fires_once", "ApplyStaging fires at most one MU",
                          [](const EdgeView& e) {
                            if (!std::holds_alternative<model::ApplyStaging>(e.command.op))
                              return true;
                            int mus = 0;
                            for (const auto& c : e.result.expect.calls)
                              mus += c.callback == model::Callback::kManifestUpdated;
                            return mus <= 1;
                          },
                          [](const EdgeView& e) -> std::string {
                            int mus = 0;
                            for (const auto& c : e.result.expect.calls)
                              mus += c.callback == model::Callback::kManifestUpdated;
                            return "fired " + std::to_string(mus) + " MU";
                          }});
  // False on purpose: one command (an edit with a queued edit, or a copy of two files) makes two.
  o.invariants.push_back({"injected_at_most_one_live_file", "at most one file is live",
                          [](const EdgeView& e) { return e.result.next.live_files.size() <= 1; },
                          [](const EdgeView&) -> std::string { return "two live files"; }});
  ExploreResult r = Explore(o);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.violations.size(), 2u) << FormatReport(r);
  const Violation& apply = r.violations[0];
  EXPECT_EQ(apply.invariant, "injected_apply_staging_fires_once");
  // EnterStaging; Remap; ApplyStaging is the shortest way to a promotion.
  ASSERT_EQ(apply.path.size(), 3u) << FormatPath(apply.path);
  EXPECT_TRUE(std::holds_alternative<model::EnterStaging>(apply.path[0].op));
  EXPECT_TRUE(std::holds_alternative<model::Remap>(apply.path[1].op));
  EXPECT_TRUE(std::holds_alternative<model::ApplyStaging>(apply.path[2].op));
  EXPECT_EQ(r.violations[1].path.size(), 1u) << FormatPath(r.violations[1].path);
  // The path replays to the violation.
  auto [before, step] = Replay(apply.path, o.config);
  const EdgeView view{before, apply.path.back(), step, o.config};
  EXPECT_FALSE(o.invariants[o.invariants.size() - 2].holds(view));
  EXPECT_EQ(Check(o.invariants[o.invariants.size() - 2], view), apply.message);
  EXPECT_EQ(apply.message, "fired 2 MU");
}

TEST(ExplorerTest, ApplyStagingIsReachedAtDepthThreeNotTwo) {
  const std::string row = "apply staging (MU twice)";
  ExploreResult shallow = Explore(Depth(2, /*require_rows=*/true));
  EXPECT_EQ(Row(shallow, row).status, RowStatus::kNotWithinDepth);
  EXPECT_EQ(shallow.verdict, Verdict::kFail)
      << "a required row missing from a complete search fails it";
  ExploreResult deep = Explore(Depth(3));
  const RowCoverage& hit = Row(deep, row);
  ASSERT_EQ(hit.status, RowStatus::kReached);
  EXPECT_EQ(hit.witness.size(), 3u) << FormatPath(hit.witness);
}

TEST(ExplorerTest, BudgetCutIsUnknownNeverPass) {
  ExploreOptions o = Depth(5, /*require_rows=*/true);
  o.max_states = 100;
  ExploreResult r = Explore(o);
  EXPECT_TRUE(r.budget_exhausted);
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << r.reason;
  EXPECT_EQ(r.stats.states, 100u);
  EXPECT_GT(r.stats.unstored, 0u);
  for (const auto& row : r.rows) EXPECT_NE(row.status, RowStatus::kNotWithinDepth) << row.name;
  o.require_all_rows = false;
  EXPECT_EQ(Explore(o).verdict, Verdict::kUnknown);
}

// The CI depth: every invariant holds and every required row is reached, for each contract and
// follow-on configuration. Depth 5 is the seed contract's CI figure (about 1.5 s optimised).
TEST(ExplorerTest, CiDepthPassesForEveryConfiguration) {
  struct Case {
    model::ModelConfig config;
    int depth;
  };
  model::ModelConfig v3;
  v3.contract = model::ContractVersion::kStagingSuppressed;
  model::ModelConfig index;
  index.index_mode = model::IndexMode::kAsync;
  model::ModelConfig compact;
  compact.auto_compact_threshold = 2;
  model::ModelConfig wal;
  wal.skip_wal = true;
  for (const Case& c : {Case{{}, 5}, Case{v3, 4}, Case{index, 4}, Case{compact, 4}, Case{wal, 4}}) {
    ExploreOptions o = Depth(c.depth, /*require_rows=*/true);
    o.config = c.config;
    ExploreResult r = Explore(o);
    EXPECT_EQ(r.verdict, Verdict::kPass) << FormatReport(r);
  }
}

TEST(ExplorerTest, EveryWitnessReplaysToItsRow) {
  ExploreOptions o = Depth(4);
  ExploreResult r = Explore(o);
  const auto rows = DefaultCoverageRows(o.config);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (r.rows[i].status != RowStatus::kReached) continue;
    auto [before, step] = Replay(r.rows[i].witness, o.config);
    EXPECT_TRUE(rows[i].matches({before, r.rows[i].witness.back(), step, o.config}))
        << rows[i].name;
  }
}

TEST(ExplorerTest, ShardsMergeIntoTheWholeExploration) {
  ExploreOptions whole = Depth(4, /*require_rows=*/true);
  ExploreResult all = Explore(whole);
  ASSERT_EQ(all.verdict, Verdict::kPass) << all.reason;
  std::vector<nlohmann::json> reports;
  uint64_t expanded_at_split = 0;
  for (uint32_t i = 0; i < 3; ++i) {
    ExploreOptions o = whole;
    o.shard = Shard{i, 3, 2};
    ExploreResult part = Explore(o);
    EXPECT_EQ(part.verdict, Verdict::kUnknown) << "a shard alone never passes";
    EXPECT_LT(part.stats.states, all.stats.states);
    for (const auto& n : part.tree) expanded_at_split += n.depth == 2 && n.expanded;
    reports.push_back(ToJson(part));
  }
  // Each state at the split depth is expanded by exactly one shard.
  EXPECT_EQ(expanded_at_split, all.stats.states_per_depth[2]);
  nlohmann::json merged = MergeExploreReports(reports);
  EXPECT_EQ(merged["verdict"], "pass") << merged["reason"];
  const nlohmann::json whole_json = ToJson(all);
  ASSERT_EQ(merged["rows"].size(), whole_json["rows"].size());
  for (size_t i = 0; i < merged["rows"].size(); ++i) {
    EXPECT_EQ(merged["rows"][i]["status"], whole_json["rows"][i]["status"])
        << whole_json["rows"][i]["name"];
    EXPECT_EQ(merged["rows"][i].value("witness", nlohmann::json()).size(),
              whole_json["rows"][i].value("witness", nlohmann::json()).size())
        << whole_json["rows"][i]["name"];
  }
  EXPECT_GE(merged["stats"]["states_sum"].get<uint64_t>(), all.stats.states);
  // Two of three shards: unknown, not pass.
  reports.pop_back();
  EXPECT_EQ(MergeExploreReports(reports)["verdict"], "unknown");
}

TEST(ExplorerTest, RoleGraphShowsStagingEntryAndExports) {
  ExploreResult r = Explore(Depth(3));
  RoleGraph g = BuildRoleGraph(r);
  EXPECT_GE(boost::num_vertices(g), 6u);  // F, W, S, Dg, closed, dropped
  bool w_to_s = false;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    if (g[boost::source(*it, g)].name == "W" && g[boost::target(*it, g)].name == "S") {
      w_to_s = g[*it].ops.find("EnterStaging") != std::string::npos;
    }
  }
  EXPECT_TRUE(w_to_s);
  EXPECT_NE(ToDot(g).find("digraph"), std::string::npos);
  EXPECT_NE(ToGraphMl(g).find("<graphml"), std::string::npos);
}

TEST(ExplorerTest, JsonAndTextReportsNameTheVerdict) {
  ExploreResult r = Explore(Depth(2));
  EXPECT_EQ(ToJson(r)["verdict"], "pass");
  EXPECT_NE(FormatReport(r).find("explore: pass"), std::string::npos);
}

}  // namespace
}  // namespace hookcheck::properties
