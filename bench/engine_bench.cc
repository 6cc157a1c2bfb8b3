// Sequential throughput of the reference engine: commands per second, each followed by WaitIdle,
// on its own and with the model and trace checker beside it (the cost of one checked step), on
// each runtime (the benchmark's argument: 0 threads, 1 deterministic).
#include <benchmark/benchmark.h>

#include "model/op_text.h"
#include "properties/engine_factory.h"
#include "properties/sequential_runner.h"

namespace hookcheck {
namespace {

// A workload that touches every firing path once per round: flushes, compactions (local, TTL,
// remote), edits, copy, staging round trip, alter, truncate, index builds, close/open/catch-up.
std::vector<model::Command> Workload() {
  const char* text =
      "Put ts=1; Put ts=2; Flush; Put ts=3; Flush; Put ts=9; Flush; CompactLocal expire_before=2;"
      "EditRegion add=2 queued=1; CopyRegion source_files=2; CompactRemote; BuildIndex;"
      "EnterStaging expr=2; Put ts=4; Flush; Remap files=1; ApplyStaging expr=2;"
      "Alter kind=add_column; Truncate all=0 lo=0 hi=3; Put ts=5; Close; Open; Catchup; Truncate "
      "all=1";
  model::ParsedSequence parsed = model::ParseInline(text, {});
  if (!parsed.sequence) std::abort();
  return parsed.sequence->commands;
}

properties::CheckConfig OnRuntime(const benchmark::State& state) {
  properties::CheckConfig config;
  config.runtime =
      state.range(0) == 0 ? engine::RuntimeKind::kThreads : engine::RuntimeKind::kDeterministic;
  return config;
}

void BM_RefEngineSequentialOps(benchmark::State& state) {
  const std::vector<model::Command> workload = Workload();
  state.SetLabel(engine::Name(OnRuntime(state).runtime));
  int64_t ops = 0;
  for (auto _ : state) {
    auto engine = properties::MakeRefEngine(OnRuntime(state));
    for (const model::Command& c : workload) {
      benchmark::DoNotOptimize(engine->Submit(c));
      engine->WaitIdle();
      benchmark::DoNotOptimize(engine->TakeEvents());
    }
    ops += static_cast<int64_t>(workload.size());
  }
  state.SetItemsProcessed(ops);
  state.counters["ops/s"] =
      benchmark::Counter(static_cast<double>(ops), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RefEngineSequentialOps)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CheckedSequentialOps(benchmark::State& state) {
  const std::vector<model::Command> workload = Workload();
  state.SetLabel(engine::Name(OnRuntime(state).runtime));
  int64_t ops = 0;
  for (auto _ : state) {
    auto engine = properties::MakeRefEngine(OnRuntime(state));
    properties::RunResult run = properties::RunSequence(engine.get(), {}, workload);
    if (!run.passed()) state.SkipWithError("the workload does not conform");
    ops += static_cast<int64_t>(run.steps.size());
  }
  state.SetItemsProcessed(ops);
  state.counters["ops/s"] =
      benchmark::Counter(static_cast<double>(ops), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CheckedSequentialOps)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace hookcheck
