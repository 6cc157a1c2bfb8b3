// File: engine/runtime/runtime_test_util.h
// Defines `MakeRuntime` and `RunOn`, for tests that run one program on either runtime: threads
// with a short deadlock bound (200 ms), or deterministic with random:0.
// Thread-safety: test helpers; each call builds its own runtime.
#ifndef HOOKCHECK_ENGINE_RUNTIME_RUNTIME_TEST_UTIL_H_
#define HOOKCHECK_ENGINE_RUNTIME_RUNTIME_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/deterministic_runtime.h"
#include "engine/runtime/threads_runtime.h"

namespace hookcheck::runtime::testing {

enum class Kind { kThreads, kDeterministic };

inline std::string KindName(Kind k) { return k == Kind::kThreads ? "threads" : "deterministic"; }

// For INSTANTIATE_TEST_SUITE_P(BothRuntimes, Fixture, testing::BothKinds(), testing::ParamName).
inline auto BothKinds() { return ::testing::Values(Kind::kThreads, Kind::kDeterministic); }
inline std::string ParamName(const ::testing::TestParamInfo<Kind>& info) {
  return KindName(info.param);
}

inline std::unique_ptr<Runtime> MakeRuntime(Kind k) {
  if (k == Kind::kThreads) {
    return std::make_unique<ThreadsRuntime>(ThreadsOptions{std::chrono::milliseconds(200)});
  }
  return std::make_unique<DeterministicRuntime>();
}

struct Timed {
  RunReport report;
  std::chrono::milliseconds elapsed;
};

// Runs `body` as the main task on a fresh runtime of kind `k` with `deps` loaded.
inline Timed RunOn(Kind k, const std::function<void(Runtime&)>& body,
                   const std::vector<std::pair<std::string, std::string>>& deps = {}) {
  std::unique_ptr<Runtime> rt = MakeRuntime(k);
  if (!deps.empty()) rt->LoadDependencies(deps);
  const auto start = std::chrono::steady_clock::now();
  RunReport report = rt->Run([&] { body(*rt); });
  return {std::move(report), std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - start)};
}

}  // namespace hookcheck::runtime::testing

#endif  // HOOKCHECK_ENGINE_RUNTIME_RUNTIME_TEST_UTIL_H_
