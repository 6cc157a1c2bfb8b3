// How often the sequential property's generator builds the patterns of properties/generator_reach.h,
// per 1000 sequences of up to 100 ops, on the default configuration. Model only (no engine).
// Vary the seed with HOOKCHECK_BENCH_SEED.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "properties/generator_reach.h"

namespace hookcheck::properties {
namespace {

void BM_GeneratorReach(benchmark::State& state) {
  const char* s = std::getenv("HOOKCHECK_BENCH_SEED");
  const uint64_t seed = s != nullptr ? std::strtoull(s, nullptr, 10) : 7;
  Reach reach;
  for (auto _ : state) reach = MeasureReach(model::ModelConfig{}, 20000, 100, seed);
  const double k = 1000.0 / static_cast<double>(reach.sequences);
  state.counters["fault_then_reload"] = reach.fault_then_reload * k;
  state.counters["bug_a_shape"] = reach.set_indexes_unapplied_reload_build * k;
  state.counters["bug_b_shape"] = reach.flush_unapplied_reopen_flush * k;
  state.counters["bug_c_shape"] = reach.unapplied_sync_then_alter * k;
  state.counters["compaction_9_outputs"] = reach.compaction_9_outputs * k;
  state.counters["steps_per_seq"] =
      static_cast<double>(reach.steps) / static_cast<double>(reach.sequences);
}
BENCHMARK(BM_GeneratorReach)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hookcheck::properties
