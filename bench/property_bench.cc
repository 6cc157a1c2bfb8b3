// Benchmarks of the sequential property (properties/property_runner.h):
//   BM_CatchMutant/<mutant>: sequences and seconds until RapidCheck first failed on the mutant,
//     and the length of the shrunk counterexample;
//   BM_CleanProperty: sequences/s and ops/s of the default property on the clean RefEngine.
// Each runs the whole property once per iteration at a fixed seed (HOOKCHECK_BENCH_SEED to vary).
#include <benchmark/benchmark.h>

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
  return true;
}();

}  // namespace
}  // namespace hookcheck::properties
