// File: properties/trace_checker.h
// Defines `TraceChecker`: compares, op by op, what an engine returned and fired with the model's
// `Expectation`, and phrases every difference as a line a person can act on.
// Thread-safety: externally synchronized (one checker per trace).
#ifndef HOOKCHECK_PROPERTIES_TRACE_CHECKER_H_
#define HOOKCHECK_PROPERTIES_TRACE_CHECKER_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/hook_event.h"
#include "model/expectation.h"
#include "model/op.h"

namespace hookcheck::properties {

class TraceChecker {
 public:
  // Checks one op. Returns one line per problem; empty iff the step conforms. Rules:
  // the reply equals `expect.result`; the calls match `expect.calls` in order and payload (calls of
  // one unordered group match as a set); no call ran under the manifest lock; MU versions strictly
  // increase across the trace of one region instance (compactor-node calls excepted).
  std::vector<std::string> CheckStep(const model::Command& command, const model::Expectation& expect,
                                     model::ErrorCode actual, const std::vector<engine::HookEvent>& events);

 private:
  std::optional<model::Version> last_version_;  // of this region instance
};

// "SFW x1, MU x2", or "nothing".
std::string CountCalls(const std::vector<model::ExpectedCall>& calls);
std::string CountCalls(const std::vector<engine::HookEvent>& events);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_TRACE_CHECKER_H_
