// File: bench/explore_bench.cc
// Measures the model checker on one core: distinct states stored per second and bytes per stored
// state (visited set only; the frontier's full states are reported separately). The argument is
// the depth bound; each run is a complete exploration from InitialState().
//   ./explore_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "properties/explorer.h"

namespace hookcheck::properties {
namespace {

void BM_Explore(benchmark::State& state) {
  ExploreOptions options;
  options.max_depth = static_cast<int>(state.range(0));
  options.require_all_rows = false;
  ExploreResult last;
  uint64_t states = 0, edges = 0;
  for (auto _ : state) {
    last = Explore(options);
    states += last.stats.states;
    edges += last.stats.edges;
  }
  state.counters["states"] = static_cast<double>(last.stats.states);
  state.counters["edges"] = static_cast<double>(last.stats.edges);
  state.counters["states/s"] =
      benchmark::Counter(static_cast<double>(states), benchmark::Counter::kIsRate);
  state.counters["edges/s"] =
      benchmark::Counter(static_cast<double>(edges), benchmark::Counter::kIsRate);
  state.counters["bytes/state"] = last.stats.bytes_per_state;
  state.counters["frontier_peak"] = static_cast<double>(last.stats.peak_frontier);
}
BENCHMARK(BM_Explore)->Arg(3)->Arg(4)->Arg(5)->Arg(6)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same search with invariants and coverage rows switched off: what the store and the model's
// Step cost alone, so a slow predicate shows up as the difference.
void BM_ExploreBare(benchmark::State& state) {
  ExploreOptions options;
  options.max_depth = static_cast<int>(state.range(0));
  options.require_all_rows = false;
  options.invariants.clear();
  options.rows = {CoverageRow{"none", "none", [](const EdgeView&) { return true; }}};
  uint64_t states = 0;
  for (auto _ : state) states += Explore(options).stats.states;
  state.counters["states/s"] =
      benchmark::Counter(static_cast<double>(states), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExploreBare)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace hookcheck::properties
