#include <iostream>
#include <sstream>

#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "properties/explorer.h"

namespace hookcheck::cli {
namespace {

struct ExploreArgs {
  ContractFlags flags;
  int depth = 4;
  uint64_t max_states = 20'000'000;
  std::string shard = "0/1";
  bool json = false;
};

properties::Shard ParseShard(const std::string& text) {
  properties::Shard shard;
  unsigned index = 0, count = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> index >> slash >> count) || slash != '/' || count == 0 || index >= count || !in.eof()) {
    throw CLI::ValidationError("--shard", "'" + text + "' is not I/N with 0 <= I < N");
  }
  shard.index = index;
  shard.count = count;
  return shard;
}

int RunExplore(const ExploreArgs& args) {
  properties::CheckConfig config = args.flags.ToCheckConfig();
  properties::ExploreOptions options;
  options.config = config.model;
  options.max_depth = args.depth;
  options.max_states = args.max_states;
  options.shard = ParseShard(args.shard);
  properties::ExploreResult result = properties::Explore(options);
  if (args.json) {
    std::cout << properties::ToJson(result).dump(2) << "\n";
  } else {
    std::cout << properties::FormatReport(result);
  }
  switch (result.verdict) {
    case properties::Verdict::kPass: return kExitPass;
    case properties::Verdict::kFail: return kExitViolation;
    case properties::Verdict::kUnknown: return kExitUnknown;
  }
  return kExitUnknown;
}

}  // namespace

void RegisterExplore(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<ExploreArgs>();
  CLI::App* cmd = app->add_subcommand(
      "explore", "Bounded exhaustive search of the model: invariants at every state, coverage with shortest witnesses");
  args->flags.AddTo(cmd);
  cmd->add_option("--depth", args->depth, "follow edges from states shallower than this")
      ->capture_default_str()->check(CLI::Range(0, 64));
  cmd->add_option("--max-states", args->max_states, "state budget; past it the verdict is unknown, never pass")
      ->capture_default_str();
  cmd->add_option("--shard", args->shard, "explore only shard I of N (by fingerprint range): I/N")->capture_default_str();
  cmd->add_flag("--json", args->json, "print the report as JSON");
  cmd->callback([args, exit_code] { *exit_code = RunExplore(*args); });
}

}  // namespace hookcheck::cli
