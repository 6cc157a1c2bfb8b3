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
  // the reply equals `expect.result`; the calls match `expect.calls` in order and payload, every
  // payload field included (calls of one unordered group match as a set); no call ran under the manifest lock; MU versions strictly
  // increase across the trace of one region instance (compactor-node calls excepted).
  std::vector<std::string> CheckStep(const model::Command& command,
                                     const model::Expectation& expect, model::ErrorCode actual,
                                     const std::vector<engine::HookEvent>& events);

  // Known upstream defects the last CheckStep saw, one line each. They are not problems: an engine
  // that does what mito2 does at f684479d9c shows them, and the model predicts them. Today one:
  // an MU delivered by the datanode with the version of an earlier compactor-node MU (erratum 23).
  const std::vector<std::string>& upstream_defects() const { return upstream_defects_; }

 private:
  std::optional<model::Version> last_version_;      // of this region instance
  std::vector<model::Version> compactor_versions_;  // MU versions the compactor node delivered
  std::vector<std::string> upstream_defects_;
};

// The first difference between the calls an op was expected to make and the calls it made: the
// position (0-based) of the first call, or first call of an unordered group, that differs or is
// on one side only, and the sentence the report prints. The one comparison of calls: the text
// report, the HTML timeline and the scenarios all render it.
struct CallDiff {
  size_t index = 0;
  std::string message;  // "call 2: expected MU v3 [Edit(+1)] (flush); saw MU v3 [Edit(+1)]; ..."
};
// Calls match in order and payload, every payload field included; calls of one unordered group
// match as a set (payloads and versions). Lock rules are not part of it (see CheckStep).
std::optional<CallDiff> CompareCalls(const std::vector<model::ExpectedCall>& expected,
                                     const std::vector<engine::HookEvent>& seen);

// The name the reports give erratum 23's defect.
inline constexpr const char* kDuplicatedMuVersion = "duplicated MU version (erratum 23)";

// "SFW x1, MU x2", "MU x1, CLOSED x1", or "nothing" (in Callback order).
std::string CountCalls(const std::vector<model::ExpectedCall>& calls);
std::string CountCalls(const std::vector<engine::HookEvent>& events);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_TRACE_CHECKER_H_
