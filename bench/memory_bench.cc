// File: bench/memory_bench.cc
// Heap per step or state, measured with glibc's counters (base/heap_in_use.h) in the same run as
// the work (issue 12, item 6). Flat bytes/step across the arguments means memory linear in steps.
//   BM_ReplayMemory/<steps>: what a finished RunSequence holds (the RunResult `replay` reports
//     from), engine gone, on GrowingFiles: live files grow to steps/2;
//   BM_PropertyMemory/<steps>: what a PropertySut (one generated sequence) holds beyond an engine
//     and checker driven through the same commands; 80 steps reach the property's 40-file bound;
//   BM_ExploreMemory/<depth>: the peak heap of a whole exploration over its stored states,
//     sampled every 1024 edges (the visited set, the frontier's full states and the result).
//   ./memory_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/heap_in_use.h"
#include "properties/engine_factory.h"
#include "properties/explorer.h"
#include "properties/internal/growing_files.h"
#include "properties/property_commands.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {
namespace {

using workload_internal::GrowingFiles;

double PerUnit(size_t bytes, uint64_t units) {
  return units ? static_cast<double>(bytes) / static_cast<double>(units) : 0;
}

// A heap delta that went negative (a cache freed meanwhile) is reported as 0, not as 2^64.
size_t Grown(size_t before, size_t after) { return after > before ? after - before : 0; }

bool SkipUnlessMeasurable(benchmark::State& state) {
  if (HeapIsMeasurable()) return false;
  state.SkipWithError("the allocator's counters do not see this build's heap");
  return true;
}

void BM_ReplayMemory(benchmark::State& state) {
  if (SkipUnlessMeasurable(state)) return;
  const std::vector<model::Command> commands = GrowingFiles(static_cast<size_t>(state.range(0)));
  size_t retained = 0;
  for (auto _ : state) {
    const size_t before = HeapBytesInUse();
    RunResult run;
    {
      auto engine = MakeRefEngine({});
      run = RunSequence(engine.get(), {}, commands);
    }
    retained = Grown(before, HeapBytesInUse());
    if (!run.passed()) state.SkipWithError("the workload does not conform");
  }
  state.counters["steps"] = static_cast<double>(commands.size());
  state.counters["bytes/step"] = PerUnit(retained, commands.size());
}
BENCHMARK(BM_ReplayMemory)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_PropertyMemory(benchmark::State& state) {
  if (SkipUnlessMeasurable(state)) return;
  const std::vector<model::Command> commands = GrowingFiles(static_cast<size_t>(state.range(0)));
  size_t held = 0;
  for (auto _ : state) {
    size_t before = HeapBytesInUse();
    size_t bare = 0;
    {
      auto engine = MakeRefEngine({});
      SequentialChecker checker(engine.get(), {});
      for (const model::Command& c : commands) benchmark::DoNotOptimize(checker.Apply(c));
      bare = Grown(before, HeapBytesInUse());
    }
    before = HeapBytesInUse();
    PropertySut sut(MakeRefEngine({}), {});
    for (const model::Command& c : commands) benchmark::DoNotOptimize(sut.Apply(c));
    held = Grown(bare, Grown(before, HeapBytesInUse()));
  }
  state.counters["steps"] = static_cast<double>(commands.size());
  state.counters["bytes/step"] = PerUnit(held, commands.size());
}
BENCHMARK(BM_PropertyMemory)
    ->Arg(80)
    ->Arg(1000)
    ->Arg(4000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// What the sampling row saw: edges examined and the largest heap figure.
struct PeakSampler {
  uint64_t edges = 0;
  size_t peak = 0;
};

void BM_ExploreMemory(benchmark::State& state) {
  if (SkipUnlessMeasurable(state)) return;
  ExploreOptions options;
  options.max_depth = static_cast<int>(state.range(0));
  options.require_all_rows = false;
  options.rows = DefaultCoverageRows(options.config);
  // Never matches, so it stays open and runs on every edge.
  PeakSampler sampler;
  auto sample = [&sampler](const EdgeView&) {
    if ((++sampler.edges & 1023) == 0) sampler.peak = std::max(sampler.peak, HeapBytesInUse());
    return false;
  };
  options.rows.push_back(CoverageRow{"heap sampler", "none", sample, /*required=*/false});
  ExploreResult last;
  size_t peak = 0;
  for (auto _ : state) {
    const size_t before = HeapBytesInUse();
    sampler = {.edges = 0, .peak = before};
    last = Explore(options);
    peak = Grown(before, std::max(sampler.peak, HeapBytesInUse()));
  }
  state.counters["states"] = static_cast<double>(last.stats.states);
  state.counters["peak_bytes/state"] = PerUnit(peak, last.stats.states);
  state.counters["visited_bytes/state"] = last.stats.bytes_per_state;
  state.counters["frontier_peak"] = static_cast<double>(last.stats.peak_frontier);
}
BENCHMARK(BM_ExploreMemory)->Arg(3)->Arg(4)->Arg(5)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace hookcheck::properties
