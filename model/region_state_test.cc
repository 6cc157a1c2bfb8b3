// InitialState, Fingerprint and Observe (model/region_state.h).
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

TEST(RegionState, InitialStateIsWritableAtVersionZeroWithNothing) {
  const RegionState s = InitialState();
  EXPECT_EQ(s.presence, Presence::kOpen);
  EXPECT_EQ(s.role, RoleState::kWritable);
  EXPECT_EQ(s.last_version, 0u);
  EXPECT_EQ(s.next_file_id, 1u);
  const Observation o = Observe(s);
  EXPECT_TRUE(o.live_files.empty());
  EXPECT_EQ(o.live_partition_expr, 0);
}

TEST(RegionState, FingerprintIsEqualForEqualStatesAndDiffersAfterAStep) {
  Region a, b;
  EXPECT_EQ(Fingerprint(a.state), Fingerprint(b.state));
  a.Do(Put{1});
  b.Do(Put{1});
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(Fingerprint(a.state), Fingerprint(b.state));
  const uint64_t before = Fingerprint(a.state);
  a.Do(Flush{});
  EXPECT_NE(Fingerprint(a.state), before);
}

TEST(RegionState, FingerprintSeesFieldsTheObservationHides) {
  Region a, b;
  a.Do(EditRegion{1, 0, 1, 0}, Fails(FaultKind::kRebuildFails));  // persisted only
  b.Do(EditRegion{1, 0, 1, 0}, Fails(FaultKind::kSaveFails));     // nothing persisted
  EXPECT_EQ(Observe(a.state), Observe(b.state));
  EXPECT_NE(a.state, b.state);
  EXPECT_NE(Fingerprint(a.state), Fingerprint(b.state));
  RegionState c = InitialState(), d = InitialState();
  c.memtable = {1, 2};
  d.memtable = {2, 1};
  EXPECT_NE(Fingerprint(c), Fingerprint(d));
  d.memtable = {1};
  d.last_entry_id = 2;  // no concatenation collisions across fields
  EXPECT_NE(Fingerprint(c), Fingerprint(d));
}

TEST(RegionState, FingerprintSeesTheVersionAndPayloadFields) {
  RegionState base = InitialState();
  RegionState committed = base;
  committed.persisted.committed_sequence = 1;
  EXPECT_NE(Fingerprint(committed), Fingerprint(base));
  RegionState staged = base, staged_payload = base;
  staged.staged_actions = {Action{.kind = ActionKind::kEdit, .add = {1}}};
  staged_payload.staged_actions = {
      Action{.kind = ActionKind::kEdit, .add = {1}, .flushed_entry_id = 1, .flushed_sequence = 1}};
  EXPECT_NE(Fingerprint(staged), Fingerprint(staged_payload));
  RegionState other_field = staged;
  other_field.staged_actions[0].committed_sequence = 1;
  RegionState same_value = staged;
  same_value.staged_actions[0].truncated_entry_id = 1;
  EXPECT_NE(Fingerprint(other_field), Fingerprint(same_value));
}

TEST(RegionState, FingerprintPacksWordsWithoutAmbiguity) {
  // Several small fields share a 64-bit word: zero padding, splits between lists and the
  // optionals' flags must still tell the states apart.
  RegionState a = InitialState(), b = InitialState();
  b.memtable = {0};  // a zero row vs no row: the padding of the last word is not a row
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  a.memtable = std::vector<uint8_t>(8, 7);
  b.memtable = std::vector<uint8_t>(9, 7);
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  a = InitialState();
  b = InitialState();
  a.staged_actions = {Action{.kind = ActionKind::kEdit, .add = {1, 2}}};
  b.staged_actions = {Action{.kind = ActionKind::kEdit, .add = {1}, .remove = {2}}};
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  a = InitialState();
  b = InitialState();
  b.truncated_entry_id = 0;  // present but zero vs absent
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = InitialState();
  b.remap_blob = std::vector<FileMeta>{};  // an empty blob vs none
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b = InitialState();
  b.live_files = {FileMeta{}};
  a.persisted.files = {FileMeta{}};  // the same file in another list
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
  b.persisted.files = a.persisted.files;
  a.live_files = b.live_files;
  EXPECT_EQ(a, b);
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
}

// The open region shows its file; closed, the same state shows its presence and nothing else,
// and the state itself still holds the file (a reopen reads it back).
TEST(RegionState, ClosedRegionShowsItsPresenceOnly) {
  Region r;
  r.Do(EditRegion{1, 0, 1, 0});
  ASSERT_EQ(r.Seen().live_files.size(), 1u);
  r.Do(Close{});
  Observation closed;
  closed.presence = Presence::kClosed;
  EXPECT_EQ(r.Seen(), closed);
  EXPECT_EQ(r.state.persisted.files.size(), 1u);
  EXPECT_NE(ToString(r.state).find("presence closed"), std::string::npos) << ToString(r.state);
}

// Step reads its input and nothing else: the very object it was given is unchanged, the result
// depends on the arguments only (a different step in between changes nothing), and the step did
// something (so the equalities are not those of a no-op).
TEST(RegionState, StepIsPure) {
  Region r;
  r.Do(Put{3});
  const RegionState copy = r.state;
  const StepResult x = Step(r.state, Command{Flush{}, {}}, r.config);
  EXPECT_EQ(r.state, copy);
  Step(x.next, Command{Put{4}, {}}, r.config);
  const StepResult y = Step(r.state, Command{Flush{}, {}}, r.config);
  EXPECT_EQ(x.next, y.next);
  EXPECT_EQ(x.expect, y.expect);
  EXPECT_NE(x.next, r.state);
  EXPECT_EQ(x.expect.calls.size(), 2u);
}

}  // namespace
}  // namespace hookcheck::model
