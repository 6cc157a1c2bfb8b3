#include <fstream>
#include <iostream>
#include <sstream>

#include "base/exit_codes.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/self.h"
#include "engine/external_engine.h"
#include "engine/process_protocol.h"
#include "model/op_text.h"
#include "properties/command_flags.h"
#include "properties/external_engine_factory.h"
#include "properties/html_timeline.h"
#include "properties/property_corpus.h"
#include "properties/sequential_runner.h"

namespace hookcheck::cli {
namespace {

struct ReplayArgs {
  std::string file;
  std::string ops;
  ContractFlags flags;
  // An engine process or library instead of the reference engine (neither set: the reference).
  properties::ExternalEngineSpec engine;
  std::string html;           // where to write the run as an HTML timeline, when set
  bool write_golden = false;  // rewrite `file`'s golden lines from the model (after a passing run)
};

// Rewrites the golden lines of `path` (text `text`) from the model's trace of `sequence`, printing
// every golden that changes, so the re-baseline is a reviewed diff. Returns the exit code.
int WriteGoldens(const std::string& path, const std::string& text,
                 const model::Sequence& sequence) {
  const std::vector<model::Expectation> trace = properties::ModelTrace(sequence);
  const properties::Goldens before = properties::ReadGoldens(text, path);
  const std::vector<std::string> changes = properties::CompareGoldens(before, sequence, trace);
  for (const std::string& c : changes) std::cout << "golden: " << c << "\n";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << properties::WithGoldens(text, trace);
  if (!out.flush()) {
    std::cerr << "hookcheck replay: cannot write " << path << "\n";
    return kExitBadInput;
  }
  std::cout << "goldens: " << path << ": steps " << trace.size() << ", changed " << changes.size()
            << "\n";
  return kExitPass;
}

int RunReplay(const ReplayArgs& args) {
  properties::CheckConfig config = args.flags.ToCheckConfig();
  model::ParsedSequence parsed;
  std::string text;
  if (!args.file.empty()) {
    const std::optional<std::string> read = properties::ReadTextFile(args.file, &parsed.error);
    if (read) text = *read;
    if (parsed.error.empty()) parsed = model::ParseSequence(text, args.file);
    // A file states its own contract (its @config line); only the engine comes from the flags.
    if (parsed.sequence) config.model = parsed.sequence->config;
  } else {
    parsed = model::ParseInline(args.ops, config.model);
    // An inline @config applies on top of the flags.
    if (parsed.sequence) config.model = parsed.sequence->config;
  }
  if (!parsed.sequence) {
    std::cerr << "hookcheck replay: " << parsed.error << "\n";
    return kExitBadInput;
  }
  std::unique_ptr<engine::Engine> engine;
  std::string engine_flags;
  if (args.engine.command.empty() && args.engine.library.empty()) {
    engine = properties::MakeRefEngine(config);
  } else {
    if (config.mutant != engine::Mutant::kNone) {
      throw CLI::ValidationError(
          "--mutant", "is for the reference engine; give it to the engine under check instead");
    }
    engine = properties::StartExternalEngine(args.engine, config.model);
    engine_flags = args.engine.Flags();
  }
  properties::RunResult run;
  try {
    run = properties::RunSequence(engine.get(), config.model, parsed.sequence->commands);
  } catch (const engine::EngineBroke& e) {
    std::cout << "ENGINE BROKE (" << engine::Name(e.state()) << "): " << e.what() << "\n";
    return kExitEngineBroke;
  }
  std::cout << properties::FormatRun(run);
  int exit_code = kExitPass;
  if (run.passed()) {
    std::cout << "PASS: " << run.steps.size() << " steps conform (" << engine->Name() << ")\n";
  } else {
    std::vector<model::Command> prefix;
    for (const properties::StepRecord& s : run.steps) prefix.push_back(s.command);
    exit_code = run.ExitCode();
    std::cout << (exit_code == kExitUnknown    ? "UNKNOWN"
                  : exit_code == kExitBadInput ? "BAD SCHEDULE"
                                               : "FAIL")
              << " at step " << run.steps.back().number << " (" << engine->Name() << ")\n"
              << "reproduce: " << Self() << " replay --ops \"" << model::FormatInline(prefix)
              << "\"" << engine_flags << properties::CommandFlags(config) << "\n";
  }
  if (!args.html.empty()) {
    std::ofstream out(args.html, std::ios::binary);
    out << properties::RenderHtmlTimeline(
        run, engine->Name() + ": " + model::FormatInline(parsed.sequence->commands));
    if (!out.flush()) {
      std::cerr << "hookcheck replay: cannot write " << args.html << "\n";
      return kExitBadInput;
    }
    std::cout << "timeline: " << args.html << "\n";
  }
  if (args.write_golden) {
    // Goldens pin what model and engine agree on: none are written from a failing run.
    if (exit_code != kExitPass) {
      std::cout << "goldens: not written, the run does not conform\n";
      return exit_code;
    }
    return WriteGoldens(args.file, text, *parsed.sequence);
  }
  return exit_code;
}

}  // namespace

void RegisterReplay(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app->add_subcommand(
      "replay", "Replay one sequence (a file or --ops) on the reference engine, step by step");
  auto* file = cmd->add_option("file", args->file, "a sequence file (docs/sequence-format.md)");
  auto* ops = cmd->add_option(
      "--ops", args->ops, "the sequence inline, commands separated by ';': \"Put ts=1; Flush\"");
  file->excludes(ops);
  ops->excludes(file);
  args->flags.AddTo(cmd);
  auto* engine_cmd = cmd->add_option(
      "--engine-cmd", args->engine.command,
      "replay on an engine process (docs/process-protocol.md) instead of the reference engine");
  auto* engine_lib = cmd->add_option(
      "--engine-lib", args->engine.library,
      "replay on an engine library loaded into this process (the C ABI, docs/c-abi.md) "
      "instead of the reference engine");
  engine_cmd->excludes(engine_lib);
  engine_lib->excludes(engine_cmd);
  cmd->add_option("--timeout", args->engine.timeout_seconds,
                  "with --engine-cmd: seconds one reply may take")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86'400.0));
  cmd->add_option("--protocol", args->engine.protocol,
                  "with --engine-cmd: the newest protocol version hello offers")
      ->capture_default_str()
      ->check(
          CLI::Range(engine::protocol::kOldestProtocolVersion, engine::protocol::kProtocolVersion));
  cmd->add_option("--html", args->html, "also write the run as an HTML timeline to this file");
  cmd->add_flag("--write-golden", args->write_golden,
                "after a passing run, rewrite the file's golden lines (#= ...) from the model, "
                "printing each that changes (docs/sequence-format.md)");
  cmd->callback([args, exit_code] {
    if (args->file.empty() && args->ops.empty())
      throw CLI::RequiredError("a sequence file or --ops");
    if (args->write_golden && args->file.empty()) {
      throw CLI::ValidationError("--write-golden", "needs a sequence file, not --ops");
    }
    *exit_code = RunReplay(*args);
  });
}

}  // namespace hookcheck::cli
