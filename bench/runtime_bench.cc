// The deterministic runtime's speed: schedules explored per second with each strategy on a
// small engine-shaped scenario (a worker loop whose two messages each spawn a flush task that
// commits under the manifest write lock, then fires its hook with the lock dropped), the same
// scenario once on the threads runtime, and task switches per second. Each figure is given per
// CPU second and per wall second (Google Benchmark's Time column is wall, CPU is CPU).
#include <benchmark/benchmark.h>

#include <chrono>

#include "engine/runtime/explore.h"
#include "engine/runtime/sync.h"
#include "engine/runtime/threads_runtime.h"
#include "engine/runtime/worker_loop.h"

namespace hookcheck::runtime {
namespace {

void FlushScenario(Runtime& rt) {
  RwLock manifest(&rt, "manifest", LockRole::kManifest);
  Mutex mu(&rt, "flushes_mu");
  std::vector<TaskId> flushes;
  int version = 0;
  {
    WorkerLoop loop(&rt, "worker");
    for (int i = 0; i < 2; ++i) {
      loop.Post([&] {
        const TaskId t = rt.Spawn("flush", [&] {
          TEST_SYNC_POINT("Flush:AfterWriteBeforeCommit");
          {
            WriteGuard write(&manifest, "Flush:Commit");
            ++version;
          }
          HookCallScope hook(&rt, "OnManifestUpdated");
          ReadGuard read(&manifest, "Hook:ReadManifest");
        });
        MutexLock lock(&mu, "Flush:Record");
        flushes.push_back(t);
      });
    }
    loop.Stop();
  }
  for (TaskId t : flushes) rt.Join(t, "Scenario:JoinFlush");
  if (version != 2) rt.Fail("lost a commit");
}

// Wall-clock rate beside the CPU-time rate Google Benchmark computes for kIsRate.
class WallRate {
 public:
  WallRate() : start_(std::chrono::steady_clock::now()) {}
  double PerSecond(double n) const {
    return n / std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

void ReportRates(benchmark::State& state, const char* what, double n, const WallRate& wall) {
  state.counters[std::string(what) + "/s(cpu)"] =
      benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters[std::string(what) + "/s(wall)"] = wall.PerSecond(n);
}

void ExploreBench(benchmark::State& state, const Strategy& strategy, uint64_t runs_per_iter) {
  uint64_t runs = 0;
  uint64_t steps = 0;
  const WallRate wall;
  for (auto _ : state) {
    const ExploreResult r = Explore(strategy, {.max_runs = runs_per_iter}, FlushScenario);
    if (r.verdict != Verdict::kPass) state.SkipWithError(r.Summary(strategy).c_str());
    runs += r.runs;
    steps += r.steps;
  }
  ReportRates(state, "schedules", static_cast<double>(runs), wall);
  state.counters["points/schedule"] = static_cast<double>(steps) / static_cast<double>(runs);
}

void BM_ExploreRandom(benchmark::State& state) { ExploreBench(state, Strategy::Random(1), 100); }
void BM_ExplorePct3(benchmark::State& state) { ExploreBench(state, Strategy::Pct(1, 3), 100); }
void BM_ExploreReplay(benchmark::State& state) { ExploreBench(state, Strategy::Replay({}), 1); }
// Exhaustive: every iteration enumerates the whole bounded tree (the budget is never reached).
void BM_ExploreDfs1(benchmark::State& state) { ExploreBench(state, Strategy::Dfs(1), 1'000'000); }
BENCHMARK(BM_ExploreRandom)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExplorePct3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExploreReplay)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ExploreDfs1)->Unit(benchmark::kMillisecond);

// The same scenario once per iteration on real threads, for scale.
void BM_ThreadsRun(benchmark::State& state) {
  uint64_t runs = 0;
  const WallRate wall;
  for (auto _ : state) {
    ThreadsRuntime rt;
    const RunReport r = rt.Run([&] { FlushScenario(rt); });
    if (!r.ok()) state.SkipWithError(r.Format().c_str());
    ++runs;
  }
  ReportRates(state, "runs", static_cast<double>(runs), wall);
}
// Its CPU column is the whole process's: the tasks run on threads of their own.
BENCHMARK(BM_ThreadsRun)->Unit(benchmark::kMicrosecond)->MeasureProcessCPUTime();

// Two tasks yielding back and forth under random:1: almost every point switches tasks.
void BM_TaskSwitches(benchmark::State& state) {
  constexpr int kYields = 10'000;
  uint64_t switches = 0;
  const WallRate wall;
  for (auto _ : state) {
    DeterministicRuntime rt({.strategy = Strategy::Random(1)});
    const RunReport r = rt.Run([&] {
      auto spin = [&] {
        for (int i = 0; i < kYields; ++i) rt.Yield("Bench:Yield");
      };
      const TaskId a = rt.Spawn("a", spin);
      const TaskId b = rt.Spawn("b", spin);
      rt.Join(a, "Bench:JoinA");
      rt.Join(b, "Bench:JoinB");
    });
    if (!r.ok()) state.SkipWithError(r.Format().c_str());
    switches += r.switches;
  }
  ReportRates(state, "switches", static_cast<double>(switches), wall);
}
BENCHMARK(BM_TaskSwitches)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hookcheck::runtime
