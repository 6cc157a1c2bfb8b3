// File: engine/ref_engine_test_util.h
// Test helpers for RefEngine's unit tests: open an engine, run one command to idle.
// Thread-safety: test thread only.
#ifndef HOOKCHECK_ENGINE_REF_ENGINE_TEST_UTIL_H_
#define HOOKCHECK_ENGINE_REF_ENGINE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/ref_engine.h"

namespace hookcheck::engine::test_util {

inline std::unique_ptr<RefEngine> NewEngine(EngineOptions o = {}) {
  std::string error;
  auto e = RefEngine::Open(o, &error);
  EXPECT_NE(e, nullptr) << error;
  return e;
}

// Submits `op` carrying `fault` and waits until the engine is idle; returns the op's reply.
inline model::ErrorCode Step(RefEngine& e, model::Op op, model::Fault fault = {}) {
  const model::ErrorCode c = e.Submit(model::Command{std::move(op), fault});
  e.WaitIdle();
  return c;
}

}  // namespace hookcheck::engine::test_util

#endif  // HOOKCHECK_ENGINE_REF_ENGINE_TEST_UTIL_H_
