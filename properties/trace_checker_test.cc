// The trace checker's rules beyond the per-call match: MU versions per region instance, the
// freedom of calls that run in parallel slots, erratum 23's duplicated version named as an
// upstream defect, and the calling thread's lock and role.
#include "properties/trace_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hookcheck::properties {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const model::Action kEdit{.kind = model::ActionKind::kEdit, .add = {1}};

model::ExpectedCall Mu(model::Version v, uint8_t group = 0, bool on_compactor = false) {
  model::ExpectedCall c;
  c.version = v;
  c.actions = {kEdit};
  c.unordered_group = group;
  c.on_compactor = on_compactor;
  return c;
}

engine::HookEvent Seen(model::Version v, bool on_compactor = false) {
  engine::HookEvent e;
  e.version = v;
  e.actions = {kEdit};
  e.on_compactor = on_compactor;
  return e;
}

model::Expectation Expect(std::vector<model::ExpectedCall> calls, bool new_instance = false) {
  return model::Expectation{model::ErrorCode::kOk, std::move(calls), new_instance};
}

const model::Command kOp{model::BuildIndex{}, {}};

TEST(TraceChecker, AVersionBelowAnEarlierStepsIsAProblem) {
  TraceChecker checker;
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(5)}), model::ErrorCode::kOk, {Seen(5)}), IsEmpty());
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(4)}), model::ErrorCode::kOk, {Seen(4)}),
              ElementsAre(HasSubstr("versions must strictly increase")));
}

TEST(TraceChecker, ANewInstanceStartsTheVersionsAgain) {
  TraceChecker checker;
  checker.CheckStep(kOp, Expect({Mu(5)}), model::ErrorCode::kOk, {Seen(5)});
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(2)}, /*new_instance=*/true), model::ErrorCode::kOk,
                                {Seen(2)}),
              IsEmpty());
}

TEST(TraceChecker, ParallelSlotsMayDeliverOutOfVersionOrderButNotBelowTheStep) {
  TraceChecker checker;
  checker.CheckStep(kOp, Expect({Mu(3)}), model::ErrorCode::kOk, {Seen(3)});
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(4, 1), Mu(5, 1)}), model::ErrorCode::kOk,
                                {Seen(5), Seen(4)}),
              IsEmpty());
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(5, 1), Mu(6, 1)}), model::ErrorCode::kOk,
                                {Seen(6), Seen(5)}),
              ElementsAre(HasSubstr("versions must strictly increase")));
}

TEST(TraceChecker, ADatanodeMuRepeatingTheCompactorsVersionIsAnUpstreamDefectNotAProblem) {
  TraceChecker checker;
  EXPECT_THAT(
      checker.CheckStep(kOp, Expect({Mu(3, 0, true)}), model::ErrorCode::kOk, {Seen(3, true)}),
      IsEmpty());
  EXPECT_THAT(checker.upstream_defects(), IsEmpty());
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(3)}), model::ErrorCode::kOk, {Seen(3)}), IsEmpty());
  EXPECT_THAT(checker.upstream_defects(), ElementsAre(HasSubstr(kDuplicatedMuVersion)));
  // Reported on the step that shows it only.
  checker.CheckStep(kOp, Expect({Mu(4)}), model::ErrorCode::kOk, {Seen(4)});
  EXPECT_THAT(checker.upstream_defects(), IsEmpty());
}

model::ExpectedCall Sfw() {
  model::ExpectedCall c;
  c.callback = model::Callback::kSstFilesWritten;
  c.files = {1};
  return c;
}

engine::HookEvent SeenSfw(bool on_worker_loop) {
  engine::HookEvent e;
  e.callback = model::Callback::kSstFilesWritten;
  e.files = {1};
  e.on_worker_loop = on_worker_loop;
  return e;
}

// [Threading] of region_hook.h: the expected SFW, fired from the worker loop, is still a problem.
TEST(TraceChecker, SfwOnTheWorkerLoopIsAProblem) {
  TraceChecker checker;
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Sfw()}), model::ErrorCode::kOk, {SeenSfw(false)}),
              IsEmpty());
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Sfw()}), model::ErrorCode::kOk, {SeenSfw(true)}),
              ElementsAre(HasSubstr("ran on the region's worker loop thread")));
}

// [Locking] of region_hook.h: an expected call made under the manifest lock is a problem that
// names the lock's site.
TEST(TraceChecker, ACallUnderTheManifestLockIsAProblem) {
  TraceChecker checker;
  engine::HookEvent held = Seen(1);
  held.lock_held = engine::LockHeld::kRead;
  held.lock_site = "ManifestContext::LiveManifest";
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(1)}), model::ErrorCode::kOk, {held}),
              ElementsAre(AllOf(HasSubstr("held the manifest read lock"),
                                HasSubstr("ManifestContext::LiveManifest"))));
  EXPECT_THAT(checker.CheckStep(kOp, Expect({Mu(2)}), model::ErrorCode::kOk, {Seen(2)}), IsEmpty());
}

TEST(TraceChecker, AnEditPayloadFieldThatDiffersIsNamed) {
  TraceChecker checker;
  model::ExpectedCall want = Mu(2);
  want.actions[0].flushed_entry_id = 4;
  engine::HookEvent got = Seen(2);
  got.actions[0].flushed_entry_id = 3;
  EXPECT_THAT(checker.CheckStep(kOp, Expect({want}), model::ErrorCode::kOk, {got}),
              Contains(HasSubstr(
                  "action 1 Edit(+1): expected {flushed_entry_id=4}, saw {flushed_entry_id=3}")));
  got.actions[0].flushed_entry_id = 4;
  EXPECT_THAT(TraceChecker().CheckStep(kOp, Expect({want}), model::ErrorCode::kOk, {got}),
              IsEmpty());
}

TEST(TraceChecker, AnSfwFileRowCountOrLevelThatDiffersIsNamed) {
  model::ExpectedCall want;
  want.callback = model::Callback::kSstFilesWritten;
  want.files = {3};
  want.file_infos = {{.id = 3, .rows = 2, .min_ts = 1, .max_ts = 4, .level = 0}};
  engine::HookEvent got;
  got.callback = model::Callback::kSstFilesWritten;
  got.files = {3};
  got.file_infos = {{.id = 3, .rows = 2, .min_ts = 1, .max_ts = 4, .level = 1}};
  EXPECT_THAT(TraceChecker().CheckStep(kOp, Expect({want}), model::ErrorCode::kOk, {got}),
              Contains(HasSubstr(
                  "SFW files: expected [3(rows=2 ts=1..4 L0)], saw [3(rows=2 ts=1..4 L1)]")));
  got.file_infos[0].level = 0;
  EXPECT_THAT(TraceChecker().CheckStep(kOp, Expect({want}), model::ErrorCode::kOk, {got}),
              IsEmpty());
}

TEST(TraceChecker, LifecycleAndGcCallbacksAreComparedAndCounted) {
  model::ExpectedCall opened;
  opened.callback = model::Callback::kRegionOpened;
  model::ExpectedCall gc;
  gc.callback = model::Callback::kRegionGc;
  gc.files = {2};
  gc.gc_full_listing = true;
  engine::HookEvent seen_opened;
  seen_opened.callback = model::Callback::kRegionOpened;
  engine::HookEvent seen_gc;
  seen_gc.callback = model::Callback::kRegionGc;
  seen_gc.files = {2};
  EXPECT_THAT(TraceChecker().CheckStep(kOp, Expect({opened, gc}), model::ErrorCode::kOk,
                                       {seen_opened, seen_gc}),
              Contains(HasSubstr("call 2: expected GC [2] full_listing; saw GC [2]")));
  seen_gc.gc_full_listing = true;
  EXPECT_THAT(TraceChecker().CheckStep(kOp, Expect({opened, gc}), model::ErrorCode::kOk,
                                       {seen_opened, seen_gc}),
              IsEmpty());
  EXPECT_THAT(
      TraceChecker().CheckStep(kOp, Expect({opened, gc}), model::ErrorCode::kOk,
                               {seen_gc, seen_opened}),
      Contains(HasSubstr(
          "expected OPENED x1, GC x1, saw OPENED x1, GC x1; call 1: expected OPENED; saw GC")));
  EXPECT_EQ(CountCalls(std::vector<engine::HookEvent>{seen_opened, seen_gc, Seen(3)}),
            "MU x1, OPENED x1, GC x1");
}

TEST(TraceChecker, AnEngineThatReportsNoPayloadFieldsIsComparedByShape) {
  model::ExpectedCall want = Mu(2);
  want.actions[0].flushed_entry_id = 4;
  engine::HookEvent got = Seen(2);
  got.payload_reported = false;
  EXPECT_THAT(TraceChecker().CheckStep(kOp, Expect({want}), model::ErrorCode::kOk, {got}),
              IsEmpty());
  got.actions[0].add = {2};  // the shape is still checked
  EXPECT_THAT(TraceChecker().CheckStep(kOp, Expect({want}), model::ErrorCode::kOk, {got}),
              Not(IsEmpty()));
}

}  // namespace
}  // namespace hookcheck::properties
