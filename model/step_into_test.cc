// StepInto's contract (model/internal/step_into.h): `*out` ends up equal to Step's result whatever
// it held before, `state` may be `out->next`, and the result's heap storage is reused (the model
// checker relies on that for its speed, properties/internal/explore_state_space.cc).
#include "model/internal/step_into.h"

#include <gtest/gtest.h>

#include "model/internal/test_util.h"
#include "model/op_text.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only
using step_internal::StepInto;

// A result full of calls whose every field differs from a flush's (compactor node, unordered
// groups, many actions), and a state with a long memtable: stale storage a reuse must not leak.
StepResult Cluttered() {
  Region r = WithFlushedFiles({1, 2, 3, 4});
  StepResult out = Step(r.state, Command{CompactRemote{.plugins = true}, {}}, r.config);
  for (uint8_t t = 0; t < 12; ++t) out.next.memtable.push_back(t);
  out.expect.result = ErrorCode::kRegionState;
  out.expect.new_instance = true;
  ExpectedCall odd = Mu(99, {EditA({7, 8, 9}, {1, 2}), ChangeA(), ExprA(3)}, "clutter", 7, true);
  odd.files = {9, 9, 9};
  for (int i = 0; i < 6; ++i) out.expect.calls.push_back(odd);
  return out;
}

// Commands whose results have fewer, as many, or more calls than Cluttered()'s.
std::vector<Command> Commands() {
  std::vector<Command> out;
  for (const char* text : {"Put ts=5", "Flush", "Flush fault=save_fails", "CompactRemote plugins=1",
                           "EnterStaging expr=1", "Close", "Open"}) {
    ParsedCommand parsed = ParseCommand(text);
    EXPECT_TRUE(parsed.command) << text << ": " << parsed.error;
    if (parsed.command) out.push_back(*parsed.command);
  }
  return out;
}

TEST(StepInto, EqualsStepWhateverTheResultHeldBefore) {
  const Region r = WithFlushedFiles({3});
  RegionState with_memtable = r.state;
  with_memtable.memtable = {9};
  for (const RegionState& state : {r.state, with_memtable}) {
    for (const Command& c : Commands()) {
      StepResult out = Cluttered();
      ASSERT_GT(out.expect.calls.size(), 1u);
      StepInto(state, c, r.config, &out);
      const StepResult fresh = Step(state, c, r.config);
      EXPECT_EQ(out.next, fresh.next) << FormatCommand(c);
      EXPECT_EQ(out.expect, fresh.expect)
          << FormatCommand(c) << ": " << ToString(out.expect) << " vs " << ToString(fresh.expect);
    }
  }
}

TEST(StepInto, StateMayBeTheResultsOwnNextState) {
  Region r;
  StepResult out;
  out.next = r.state;
  for (const Command& c : Commands()) {
    const RegionState before = out.next;
    StepInto(out.next, c, r.config, &out);
    const StepResult fresh = Step(before, c, r.config);
    EXPECT_EQ(out.next, fresh.next) << FormatCommand(c);
    EXPECT_EQ(out.expect, fresh.expect) << FormatCommand(c);
  }
}

TEST(StepInto, ReusesTheResultsHeapStorage) {
  const Region r = WithFlushedFiles({3});
  RegionState state = r.state;
  state.memtable = {1, 2};
  StepResult out = Cluttered();
  const ExpectedCall* calls = out.expect.calls.data();
  const size_t capacity = out.expect.calls.capacity();
  const uint8_t* memtable = out.next.memtable.data();
  StepInto(state, Command{Flush{}, {}}, r.config, &out);
  ASSERT_EQ(out.expect.calls.size(), 2u);  // SFW, MU: fewer than the clutter held
  EXPECT_EQ(out.expect.calls.data(), calls);
  EXPECT_EQ(out.expect.calls.capacity(), capacity);
  EXPECT_EQ(out.next.memtable.data(), memtable);  // the flushed memtable is emptied in place
}

}  // namespace
}  // namespace hookcheck::model
