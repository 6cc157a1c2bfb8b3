// Benchmarks of the sequential property (properties/property_runner.h):
//   BM_CatchMutant/<mutant>: sequences and seconds until RapidCheck first failed on the mutant,
//     and the length of the shrunk counterexample;
//   BM_CleanProperty: sequences/s and ops/s of the default property on the clean RefEngine;
//   BM_CleanPropertyVsBareRapidCheck/<runtime>: in one iteration, a bare RapidCheck state machine
//     (RunBareStateMachine: the same sequence count and size) and then the clean property with
//     RefEngine on that runtime (threads, deterministic), each as commands per wall second and
//     per CPU second, and their ratio (issue 10's anchor: the ratio is what compares across
//     machines and loads, not either rate).
// Each runs the whole property once per iteration at a fixed seed (HOOKCHECK_BENCH_SEED to vary).
#include <benchmark/benchmark.h>
#include <time.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "engine/mutant.h"
#include "properties/property_runner.h"

namespace hookcheck::properties {
namespace {

uint64_t BenchSeed() {
  const char* s = std::getenv("HOOKCHECK_BENCH_SEED");
  return s != nullptr ? std::strtoull(s, nullptr, 10) : 7;
}

PropertyOptions BenchOptions(engine::Mutant mutant) {
  PropertyOptions options;
  options.id = "PropertyBench/" + std::string(engine::Name(mutant));
  options.check.mutant = mutant;
  options.seed = BenchSeed();
  options.honor_rc_params = false;
  options.replay_corpus_first = false;
  options.emit_files = false;
  options.verbose = false;
  return options;
}

void BM_CatchMutant(benchmark::State& state, engine::Mutant mutant) {
  PropertyOutcome outcome;
  for (auto _ : state) outcome = RunSequentialProperty(BenchOptions(mutant));
  state.counters["caught"] = outcome.verdict == PropertyVerdict::kFailed ? 1 : 0;
  state.counters["cases_to_catch"] = outcome.sequences;
  state.counters["ops_to_catch"] = static_cast<double>(outcome.ops);
  state.counters["seconds_to_catch"] = outcome.search_seconds;
  state.counters["seconds_with_shrink"] = outcome.total_seconds;
  state.counters["shrunk_len"] = static_cast<double>(outcome.minimal.size());
}

void BM_CleanProperty(benchmark::State& state) {
  PropertyOutcome outcome;
  for (auto _ : state) outcome = RunSequentialProperty(BenchOptions(engine::Mutant::kNone));
  state.counters["passed"] = outcome.passed() ? 1 : 0;
  state.counters["sequences"] = outcome.sequences;
  state.counters["ops"] = static_cast<double>(outcome.ops);
  state.counters["sequences_per_s"] = outcome.sequences / outcome.search_seconds;
  state.counters["ops_per_s"] = static_cast<double>(outcome.ops) / outcome.search_seconds;
}

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);  // every thread of the process
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Rate {
  double commands = 0;
  double wall = 0;
  double cpu = 0;
};

template <class F>
Rate Measure(F&& f) {
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = CpuSeconds();
  Rate r;
  r.commands = f();
  r.cpu = CpuSeconds() - cpu0;
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return r;
}

void BM_CleanPropertyVsBareRapidCheck(benchmark::State& state, engine::RuntimeKind runtime) {
  PropertyOptions options = BenchOptions(engine::Mutant::kNone);
  options.check.runtime = runtime;
  Rate bare;
  Rate checked;
  bool passed = false;
  for (auto _ : state) {
    bare = Measure([&] {
      return static_cast<double>(
          RunBareStateMachine(options.max_success, options.max_ops, *options.seed));
    });
    checked = Measure([&] {
      const PropertyOutcome outcome = RunSequentialProperty(options);
      passed = outcome.passed();
      return static_cast<double>(outcome.ops);
    });
  }
  state.counters["passed"] = passed ? 1 : 0;
  state.counters["bare_cmds"] = bare.commands;
  state.counters["bare_per_wall_s"] = bare.commands / bare.wall;
  state.counters["bare_per_cpu_s"] = bare.commands / bare.cpu;
  state.counters["checked_ops"] = checked.commands;
  state.counters["checked_per_wall_s"] = checked.commands / checked.wall;
  state.counters["checked_per_cpu_s"] = checked.commands / checked.cpu;
  // How many times slower one checked op is than one bare RapidCheck command.
  state.counters["ratio_wall"] = (bare.commands / bare.wall) / (checked.commands / checked.wall);
  state.counters["ratio_cpu"] = (bare.commands / bare.cpu) / (checked.commands / checked.cpu);
}

const bool kRegistered = [] {
  for (engine::Mutant mutant : engine::AllMutants()) {
    benchmark::RegisterBenchmark(("BM_CatchMutant/" + std::string(engine::Name(mutant))).c_str(),
                                 BM_CatchMutant, mutant)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("BM_CleanProperty", BM_CleanProperty)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  for (engine::RuntimeKind runtime :
       {engine::RuntimeKind::kThreads, engine::RuntimeKind::kDeterministic}) {
    benchmark::RegisterBenchmark(
        ("BM_CleanPropertyVsBareRapidCheck/" + std::string(engine::Name(runtime))).c_str(),
        BM_CleanPropertyVsBareRapidCheck, runtime)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace hookcheck::properties
