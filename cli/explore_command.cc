#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/exit_codes.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/self.h"
#include "model/op_text.h"
#include "properties/command_flags.h"
#include "properties/engine_factory.h"
#include "properties/explorer.h"
#include "properties/explorer_conformance.h"
#include "properties/explorer_merge.h"
#include "properties/explorer_role_graph.h"
#include "properties/progress.h"
#include "properties/run_stop.h"

namespace hookcheck::cli {
namespace {

struct ExploreArgs {
  ContractFlags flags;
  int depth = 4;
  uint64_t max_states = 20'000'000;
  std::string shard = "0/1";
  bool json = false;
  std::string dot, graphml;
  int conform_depth = -1;
  std::vector<std::string> merge;
};

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) std::cerr << "hookcheck explore: cannot write " << path << "\n";
  return static_cast<bool>(out);
}

// Combines the JSON reports of the shards of one exploration.
int RunMerge(const std::vector<std::string>& paths) {
  std::vector<nlohmann::json> shards;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      std::cerr << "hookcheck explore --merge: " << path << ": is not a file\n";
      return kExitBadInput;
    }
    std::ifstream in(path);
    if (!in) {
      std::cerr << "hookcheck explore --merge: cannot read " << path << "\n";
      return kExitBadInput;
    }
    nlohmann::json report = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (report.is_discarded()) {
      std::cerr << "hookcheck explore --merge: " << path
                << " is not JSON (write it with `hookcheck explore --json`)\n";
      return kExitBadInput;
    }
    if (std::string error = properties::ValidateShardReport(report); !error.empty()) {
      std::cerr << "hookcheck explore --merge: " << path << ": " << error << "\n";
      return kExitBadInput;
    }
    shards.push_back(std::move(report));
  }
  nlohmann::json merged = properties::MergeExploreReports(shards);
  std::cout << merged.dump(2) << "\n";
  if (merged.contains("error")) return kExitBadInput;
  const std::string verdict = merged.value("verdict", "unknown");
  return verdict == "pass" ? kExitPass : verdict == "fail" ? kExitViolation : kExitUnknown;
}

properties::Shard ParseShard(const std::string& text) {
  properties::Shard shard;
  unsigned index = 0, count = 0;
  int split = shard.split_depth;
  char slash = 0, colon = 0;
  std::istringstream in(text);
  bool ok = static_cast<bool>(in >> index >> slash >> count) && slash == '/';
  if (ok && !in.eof()) ok = static_cast<bool>(in >> colon >> split) && colon == ':' && in.eof();
  if (!ok || count == 0 || index >= count || split < 1) {
    throw CLI::ValidationError(
        "--shard", "'" + text + "' is not I/N or I/N:SPLIT with 0 <= I < N, SPLIT >= 1");
  }
  shard.index = index;
  shard.count = count;
  shard.split_depth = split;
  return shard;
}

int RunExplore(const ExploreArgs& args) {
  if (!args.merge.empty()) return RunMerge(args.merge);
  properties::CheckConfig config = args.flags.ToCheckConfig();
  properties::ExploreOptions options;
  options.config = config.model;
  options.max_depth = args.depth;
  options.max_states = args.max_states;
  options.shard = ParseShard(args.shard);
  // A progress line on stderr; Ctrl-C ends the search with an unknown verdict (a violation found
  // first still fails it).
  properties::RunStop stop;
  properties::RunStop::InterruptOnSigint(&stop);
  properties::Progress progress("explore");
  options.stop = &stop;
  if (args.conform_depth >= 0) {
    // Replays a shortest path to every explored edge on the reference engine.
    properties::ConformanceOptions conform;
    conform.explore = options;
    conform.explore.max_depth = args.conform_depth;
    conform.explore.require_all_rows = false;
    conform.stop = &stop;
    progress.StartPart("exhaustive replay", "sequences", 0);
    conform.on_sequence = [&](const properties::RunResult&) { progress.Tick(); };
    properties::ConformanceResult result =
        properties::CheckConformance(properties::RefEngineFactory(config), conform);
    progress.Finish();
    if (args.json) {
      std::cout << properties::ToJson(result).dump(2) << "\n";
    } else {
      PrintConformance(result, config);
    }
    return ExitCodeOf(result.verdict);
  }
  progress.StartPart("model states", "expanded states", 0);
  uint64_t shown = 0;
  options.on_progress = [&](uint64_t expanded) {
    progress.Tick(expanded - shown);
    shown = expanded;
  };
  properties::ExploreResult result = properties::Explore(options);
  progress.Finish();
  if (args.json) {
    std::cout << properties::ToJson(result).dump(2) << "\n";
  } else {
    std::cout << properties::FormatReport(result);
  }
  if (!args.dot.empty() &&
      !WriteFile(args.dot, properties::ToDot(properties::BuildRoleGraph(result))))
    return kExitBadInput;
  if (!args.graphml.empty() &&
      !WriteFile(args.graphml, properties::ToGraphMl(properties::BuildRoleGraph(result)))) {
    return kExitBadInput;
  }
  return ExitCodeOf(result.verdict);
}

}  // namespace

void PrintConformance(const properties::ConformanceResult& result,
                      const properties::CheckConfig& config) {
  std::cout << properties::FormatConformance(result);
  if (result.counterexample) {
    std::cout << "reproduce: " << Self() << " replay --ops \""
              << model::FormatInline(*result.counterexample) << "\""
              << properties::CommandFlags(config) << "\n";
  }
}

int ExitCodeOf(properties::Verdict verdict) {
  switch (verdict) {
    case properties::Verdict::kPass:
      return kExitPass;
    case properties::Verdict::kFail:
      return kExitViolation;
    case properties::Verdict::kUnknown:
      return kExitUnknown;
  }
  return kExitUnknown;
}

void RegisterExplore(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<ExploreArgs>();
  CLI::App* cmd = app->add_subcommand("explore",
                                      "Bounded exhaustive search of the model: invariants at every "
                                      "state, coverage with shortest witnesses");
  args->flags.AddTo(cmd);
  // Depth 0 would explore the initial state only: no edge, nothing checked.
  cmd->add_option("--depth", args->depth, "follow edges from states shallower than this (1..64)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-states", args->max_states,
                  "state budget; past it the verdict is unknown, never pass")
      ->capture_default_str()
      ->check(WholeNumber(1, UINT64_MAX));
  cmd->add_option("--shard", args->shard, "explore only shard I of N (by fingerprint range): I/N")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "print the report as JSON");
  cmd->add_option("--dot", args->dot, "write the role-state graph as Graphviz DOT to this file");
  cmd->add_option("--graphml", args->graphml, "write the role-state graph as GraphML to this file");
  cmd->add_option("--conform", args->conform_depth,
                  "instead: replay a shortest path to every explored edge up to this depth on the "
                  "reference engine "
                  "(1..16)")
      ->check(CLI::Range(1, 16));
  cmd->add_option("--merge", args->merge,
                  "instead: merge the --json reports of the shards of one exploration")
      ->expected(1, -1);
  cmd->callback([args, exit_code] { *exit_code = RunExplore(*args); });
}

}  // namespace hookcheck::cli
