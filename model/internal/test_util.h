// File: model/internal/test_util.h
// Defines `Region`, a test driver that threads a RegionState through `Step`, and literal
// builders of expected calls and actions, for the model's unit tests.
// Thread-safety: externally synchronized (one test owns one Region).
#ifndef HOOKCHECK_MODEL_INTERNAL_TEST_UTIL_H_
#define HOOKCHECK_MODEL_INTERNAL_TEST_UTIL_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "model/internal/machine.h"  // WithoutPayload
#include "model/step.h"

namespace hookcheck::model::test_util {

// The shape of an expectation: every payload field above and every SFW's file_infos cleared.
// The tests of paths and ordering compare shapes; step_payload_test.cc compares payloads.
inline Expectation Shape(Expectation e) {
  for (ExpectedCall& c : e.calls) {
    c.file_infos.clear();
    for (Action& a : c.actions) a = step_internal::WithoutPayload(a);
  }
  return e;
}

struct Region {
  RegionState state = InitialState();
  ModelConfig config;

  // Runs `op` carrying `fault`, keeps the next state and returns the expectation in full.
  Expectation DoFull(const Op& op, Fault fault = {}) {
    StepResult r = Step(state, Command{op, fault}, config);
    state = r.next;
    return r.expect;
  }
  // The same, returning the expectation's Shape.
  Expectation Do(const Op& op, Fault fault = {}) { return Shape(DoFull(op, fault)); }
  // The observation, staged actions without payloads (as Shape).
  Observation Seen() const {
    Observation o = Observe(state);
    for (Action& a : o.staged_actions) a = step_internal::WithoutPayload(a);
    return o;
  }
};

// Flushes one file per timestamp: file i+1 holds one row at ts[i], at version i+1.
inline Region WithFlushedFiles(std::initializer_list<uint8_t> ts) {
  Region r;
  for (uint8_t t : ts) {
    r.Do(Put{t});
    r.Do(Flush{});
  }
  return r;
}

inline Fault Fails(FaultKind kind) { return Fault{kind, RoleState::kFollower}; }
inline Fault RoleChange(RoleState role) { return Fault{FaultKind::kRoleChangeBeforeCommit, role}; }

inline Action EditA(std::vector<FileId> add, std::vector<FileId> remove = {}) {
  return Action{.kind = ActionKind::kEdit, .add = std::move(add), .remove = std::move(remove)};
}
inline Action ChangeA() { return Action{.kind = ActionKind::kChange}; }
inline Action ExprA(PartitionExpr e) {
  return Action{.kind = ActionKind::kPartitionExprChange, .expr = e};
}

inline ExpectedCall Sfw(std::vector<FileId> files, std::string_view why,
                        bool on_compactor = false) {
  ExpectedCall c;
  c.callback = Callback::kSstFilesWritten;
  c.files = std::move(files);
  c.why = why;
  c.on_compactor = on_compactor;
  return c;
}

inline ExpectedCall Mu(Version v, std::vector<Action> actions, std::string_view why,
                       uint8_t group = 0, bool on_compactor = false) {
  ExpectedCall c;
  c.callback = Callback::kManifestUpdated;
  c.version = v;
  c.actions = std::move(actions);
  c.why = why;
  c.unordered_group = group;
  c.on_compactor = on_compactor;
  return c;
}

// A lifecycle call (V2+): OPENED, CLOSED, DROPPED or FILES_REMOVED.
inline ExpectedCall Life(Callback callback, std::string_view why) {
  ExpectedCall c;
  c.callback = callback;
  c.why = why;
  return c;
}

// on_region_gc (V4+).
inline ExpectedCall GcCall(std::vector<FileId> removed, bool dropped, bool full_listing,
                           std::string_view why) {
  ExpectedCall c;
  c.callback = Callback::kRegionGc;
  c.files = std::move(removed);
  c.gc_region_dropped = dropped;
  c.gc_full_listing = full_listing;
  c.why = why;
  return c;
}

inline Expectation Expect(ErrorCode result, std::vector<ExpectedCall> calls = {}) {
  return Expectation{result, std::move(calls)};
}

// The same, from an op that builds a new region instance (Expectation::new_instance).
inline Expectation Reopens(ErrorCode result, std::vector<ExpectedCall> calls = {}) {
  return Expectation{result, std::move(calls), /*new_instance=*/true};
}

}  // namespace hookcheck::model::test_util

#endif  // HOOKCHECK_MODEL_INTERNAL_TEST_UTIL_H_
