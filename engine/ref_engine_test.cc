#include "engine/ref_engine.h"

#include <gtest/gtest.h>

#include "engine/ref_engine_test_util.h"

namespace hookcheck::engine {
namespace {

using model::Command;
using model::ErrorCode;

using test_util::NewEngine;
using test_util::Step;

// The report of a stopped run, which must be a violation (not unknown, not a bad schedule).
std::optional<std::string> ViolationReport(const RefEngine& e) {
  const std::optional<RunStop> stop = e.RunStopped();
  if (!stop) return std::nullopt;
  EXPECT_EQ(stop->kind, RunStop::Kind::kViolation) << stop->report;
  return stop->report;
}

// A schedule that does not fit the run is bad input; a step budget that runs out is unknown.
TEST(RefEngineTest, ABadScheduleAndAnExhaustedBudgetAreNotViolations) {
  EngineOptions bad;
  bad.schedule = runtime::Strategy::Replay({9});
  auto e = NewEngine(bad);
  EXPECT_EQ(Step(*e, model::Put{1}), ErrorCode::kUnexpected);
  std::optional<RunStop> stop = e->RunStopped();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->kind, RunStop::Kind::kBadSchedule) << stop->report;

  EngineOptions tight;
  tight.max_steps_per_request = 3;
  e = NewEngine(tight);
  stop = e->RunStopped();  // the open itself runs out
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->kind, RunStop::Kind::kUnknown) << stop->report;
}

TEST(RefEngineOptionsTest, AutoCompactThresholdOneIsRejected) {
  EngineOptions o;
  o.auto_compact_threshold = 1;
  std::string error;
  EXPECT_EQ(RefEngine::Open(o, &error), nullptr);
  EXPECT_NE(error.find("auto_compact_threshold"), std::string::npos);
}

TEST(RefEngineOptionsTest, WorkersOutOfRangeAreRejected) {
  for (int w : {0, 9}) {
    EngineOptions o;
    o.workers = w;
    std::string error;
    EXPECT_EQ(RefEngine::Open(o, &error), nullptr) << w;
  }
  EngineOptions o;
  o.workers = 8;
  o.auto_compact_threshold = 2;
  EXPECT_TRUE(RefEngine::Validate(o).empty());
}

TEST(RefEngineOptionsTest, IndexBuildSlotsOutOfRangeAreRejected) {
  for (int n : {0, 9}) {
    EngineOptions o;
    o.index_build_slots = n;
    EXPECT_NE(RefEngine::Validate(o).find("index_build_slots"), std::string::npos) << n;
  }
  EXPECT_TRUE(RefEngine::Validate({.index_build_slots = 8}).empty());
}

TEST(RefEngineTest, StartsCreatedAndWritableAtVersionZero) {
  auto e = NewEngine();
  model::Observation o = e->Observe();
  EXPECT_EQ(o.presence, model::Presence::kOpen);
  EXPECT_EQ(o.role, model::RoleState::kWritable);
  EXPECT_EQ(o.manifest_version, 0u);
  EXPECT_TRUE(e->TakeEvents().empty());
}

TEST(RefEngineTest, FlushFiresSstFilesWrittenThenManifestUpdatedWithNoLockHeld) {
  auto e = NewEngine();
  ASSERT_EQ(Step(*e, model::Put{3}), ErrorCode::kOk);
  ASSERT_EQ(Step(*e, model::Put{5}), ErrorCode::kOk);
  ASSERT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].callback, model::Callback::kSstFilesWritten);
  EXPECT_EQ(ev[0].files, std::vector<model::FileId>{1});
  EXPECT_EQ(ev[1].callback, model::Callback::kManifestUpdated);
  EXPECT_EQ(ev[1].version, 1u);
  ASSERT_EQ(ev[1].actions.size(), 1u);
  EXPECT_EQ(ev[1].actions[0].add, std::vector<model::FileId>{1});
  for (const auto& x : ev) EXPECT_EQ(x.lock_held, LockHeld::kNone);
  EXPECT_LT(ev[0].seq, ev[1].seq);
  EXPECT_EQ(e->Observe().live_files, std::vector<model::FileId>{1});
}

TEST(RefEngineTest, EmptyFlushFiresNothing) {
  auto e = NewEngine();
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  EXPECT_TRUE(e->TakeEvents().empty());
}

TEST(RefEngineTest, FailedSaveConsumesAVersionAndFiresNoManifestUpdated) {
  auto e = NewEngine();
  Step(*e, model::Put{1});
  EXPECT_EQ(Step(*e, model::Flush{}, {model::FaultKind::kSaveFails}), ErrorCode::kStorage);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 1u);  // SFW only
  EXPECT_EQ(ev[0].callback, model::Callback::kSstFilesWritten);
  EXPECT_EQ(e->Observe().manifest_version, 1u);
  // The memtable was kept: the next flush writes file 2 at version 2.
  EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk);
  ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].version, 2u);
  EXPECT_EQ(ev[0].files, std::vector<model::FileId>{2});
}

TEST(RefEngineTest, SstWriteFailureFiresNothing) {
  auto e = NewEngine();
  Step(*e, model::Put{1});
  EXPECT_EQ(Step(*e, model::Flush{}, {model::FaultKind::kSstWriteFails}), ErrorCode::kStorage);
  EXPECT_TRUE(e->TakeEvents().empty());
  EXPECT_EQ(e->Observe().manifest_version, 0u);
}

TEST(RefEngineTest, RoleChangeToFollowerBeforeCommitLeavesSstFilesWrittenWithoutManifestUpdated) {
  auto e = NewEngine();
  Step(*e, model::Put{1});
  EXPECT_EQ(Step(*e, model::Flush{},
                 {model::FaultKind::kRoleChangeBeforeCommit, model::RoleState::kFollower}),
            ErrorCode::kRegionState);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].callback, model::Callback::kSstFilesWritten);
  EXPECT_EQ(e->Observe().role, model::RoleState::kFollower);
}

TEST(RefEngineTest, LocalCompactionWithTtlFiresTtlManifestUpdatedThenSfwThenMerge) {
  auto e = NewEngine();
  for (uint8_t ts : {1, 5, 9}) {
    Step(*e, model::Put{ts});
    Step(*e, model::Flush{});
  }
  e->TakeEvents();
  model::CompactLocal c;
  c.expire_before = 2;  // file 1 (ts 1) expires; 2 and 3 merge into 4
  EXPECT_EQ(Step(*e, c), ErrorCode::kOk);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].callback, model::Callback::kManifestUpdated);
  EXPECT_EQ(ev[0].actions[0].remove, std::vector<model::FileId>{1});
  EXPECT_EQ(ev[1].files, std::vector<model::FileId>{4});
  EXPECT_EQ(ev[2].actions[0].add, std::vector<model::FileId>{4});
  EXPECT_EQ(ev[2].actions[0].remove, (std::vector<model::FileId>{2, 3}));
  EXPECT_EQ(e->Observe().live_files, std::vector<model::FileId>{4});
}

TEST(RefEngineTest, ApplyStagingFiresManifestUpdatedTwice) {
  auto e = NewEngine();
  ASSERT_EQ(Step(*e, model::EnterStaging{model::StagingDirective::kUpdatePartitionExpr, 2}),
            ErrorCode::kOk);
  ASSERT_EQ(Step(*e, model::Remap{1}), ErrorCode::kOk);
  EXPECT_EQ(e->Observe().staged_actions.size(), 1u);
  ASSERT_EQ(Step(*e, model::ApplyStaging{2}), ErrorCode::kOk);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 3u);  // enter staging (staging dir), MU #1, MU #2
  EXPECT_EQ(ev[1].version, 2u);
  EXPECT_EQ(ev[2].version, 3u);
  ASSERT_EQ(ev[2].actions.size(), 2u);  // every staged action, in version order
  EXPECT_EQ(ev[2].actions[0].kind, model::ActionKind::kPartitionExprChange);
  model::Observation o = e->Observe();
  EXPECT_EQ(o.role, model::RoleState::kWritable);
  EXPECT_EQ(o.live_partition_expr, 2);
  EXPECT_EQ(o.live_files, std::vector<model::FileId>{1});
  EXPECT_TRUE(o.staged_actions.empty());
}

TEST(RefEngineTest, MutantApplyStagingFiresOnceDropsThePromotion) {
  EngineOptions opts;
  opts.mutant = Mutant::kApplyStagingFiresOnce;
  auto e = NewEngine(opts);
  Step(*e, model::EnterStaging{model::StagingDirective::kUpdatePartitionExpr, 2});
  Step(*e, model::Remap{1});
  ASSERT_EQ(Step(*e, model::ApplyStaging{2}), ErrorCode::kOk);
  EXPECT_EQ(e->TakeEvents().size(), 2u);
}

// On both runtimes the MU's entry under the write lock stops the run: the step answers
// Unexpected, the hook never ran, and RunStopped names the violation and the lock's site.
TEST(RefEngineTest, MutantMuUnderManifestLockStopsTheRunOnBothRuntimes) {
  for (RuntimeKind kind : {RuntimeKind::kThreads, RuntimeKind::kDeterministic}) {
    SCOPED_TRACE(Name(kind));
    EngineOptions opts;
    opts.mutant = Mutant::kMuUnderManifestLock;
    opts.runtime = kind;
    auto e = NewEngine(opts);
    Step(*e, model::Put{1});
    EXPECT_FALSE(e->RunStopped().has_value());
    EXPECT_EQ(Step(*e, model::Flush{}), ErrorCode::kUnexpected);
    const std::vector<HookEvent> ev = e->TakeEvents();
    ASSERT_EQ(ev.size(), 1u);  // the SFW; the MU never ran
    EXPECT_EQ(ev[0].callback, model::Callback::kSstFilesWritten);
    const std::optional<std::string> stopped = ViolationReport(*e);
    ASSERT_TRUE(stopped.has_value());
    EXPECT_NE(stopped->find("hook under the manifest lock"), std::string::npos) << *stopped;
    EXPECT_NE(stopped->find("ManifestContext::"), std::string::npos) << *stopped;
    EXPECT_EQ(e->Name(), "ref+mutant:mu_under_manifest_lock");
  }
}

// On both runtimes the flush's commit, reading the manifest back under its own write lock, is a
// deadlock of one task: the flush answers Unexpected instead of hanging, the MU never runs, and
// RunStopped names the read's wait site and the write hold it waits for. The clean engine runs the
// same steps without a stop.
TEST(RefEngineTest, MutantManifestReadUnderWriteDeadlocksOnBothRuntimes) {
  for (RuntimeKind kind : {RuntimeKind::kThreads, RuntimeKind::kDeterministic}) {
    for (Mutant m : {Mutant::kNone, Mutant::kManifestReadUnderWrite}) {
      SCOPED_TRACE(std::string(Name(kind)) + " " + std::string(Name(m)));
      EngineOptions opts;
      opts.mutant = m;
      opts.runtime = kind;
      auto e = NewEngine(opts);
      ASSERT_EQ(Step(*e, model::Put{1}), ErrorCode::kOk);
      const ErrorCode flush = Step(*e, model::Flush{});
      const std::vector<HookEvent> ev = e->TakeEvents();
      const std::optional<std::string> stopped = ViolationReport(*e);
      if (m == Mutant::kNone) {
        EXPECT_EQ(flush, ErrorCode::kOk);
        EXPECT_EQ(ev.size(), 2u);
        EXPECT_FALSE(stopped.has_value()) << *stopped;
        continue;
      }
      EXPECT_EQ(flush, ErrorCode::kUnexpected);
      ASSERT_EQ(ev.size(), 1u);  // the SFW; the commit never got to its MU
      EXPECT_EQ(ev[0].callback, model::Callback::kSstFilesWritten);
      ASSERT_TRUE(stopped.has_value());
      EXPECT_EQ(stopped->rfind("deadlock: ", 0), 0u) << *stopped;
      EXPECT_NE(stopped->find("acquires manifest at ManifestContext::LastVersion"),
                std::string::npos)
          << *stopped;
      EXPECT_NE(
          stopped->find("holds manifest (write, at ManifestContext::UpdateManifestWithStateCheck)"),
          std::string::npos)
          << *stopped;
      // A stopped run answers every later request Unexpected.
      EXPECT_EQ(Step(*e, model::Put{2}), ErrorCode::kUnexpected);
    }
  }
}

// A consumer's hook that reads the manifest (the read lock) would wait forever on the write lock
// the mutant fires it under; the runtime stops the run at the hook's entry instead, and says why.
class ManifestReadingTap : public TraceTap {
 public:
  void OnCallback(const HookEvent&) override {
    if (ctx != nullptr) versions_read.push_back(ctx->LastVersion());
  }
  void OnLock(const LockEvent&) override {}
  std::shared_ptr<ManifestContext> ctx;
  std::vector<Version> versions_read;
};

TEST(RefEngineTest, AHookReadingTheManifestUnderTheMutantIsReportedNotDeadlocked) {
  for (RuntimeKind kind : {RuntimeKind::kThreads, RuntimeKind::kDeterministic}) {
    for (Mutant mutant : {Mutant::kNone, Mutant::kMuUnderManifestLock}) {
      SCOPED_TRACE(std::string(Name(kind)) + ", " + std::string(Name(mutant)));
      ManifestReadingTap tap;
      EngineOptions opts;
      opts.runtime = kind;
      opts.mutant = mutant;
      opts.trace_tap = &tap;
      auto e = NewEngine(opts);
      tap.ctx = e->TEST_context();
      Step(*e, model::Put{1});
      const ErrorCode flushed = Step(*e, model::Flush{});
      if (mutant == Mutant::kNone) {
        EXPECT_EQ(flushed, ErrorCode::kOk);
        EXPECT_FALSE(e->RunStopped().has_value());
        // SFW before its commit (v0), MU after it (v1).
        EXPECT_EQ(tap.versions_read, (std::vector<Version>{0, 1}));
      } else {
        EXPECT_EQ(flushed, ErrorCode::kUnexpected);
        const std::optional<std::string> stopped = ViolationReport(*e);
        ASSERT_TRUE(stopped.has_value());
        EXPECT_EQ(stopped->rfind("hook under the manifest lock", 0), 0u) << *stopped;
        EXPECT_EQ(tap.versions_read.size(), 1u);  // the SFW's; the MU's hook never ran
      }
      tap.ctx.reset();
    }
  }
}

TEST(RefEngineTest, MutantMuUnderManifestLockIsSeenByTheRecorderWhenStopsAreOff) {
  EngineOptions opts;
  opts.mutant = Mutant::kMuUnderManifestLock;
  opts.stop_hook_under_manifest_lock = false;
  auto e = NewEngine(opts);
  Step(*e, model::Put{1});
  Step(*e, model::Flush{});
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].lock_held, LockHeld::kWrite);
  EXPECT_FALSE(e->RunStopped().has_value());
}

TEST(RefEngineTest, MutantSfwAfterMuReversesTheFlushOrder) {
  EngineOptions opts;
  opts.mutant = Mutant::kSfwAfterMu;
  auto e = NewEngine(opts);
  Step(*e, model::Put{1});
  Step(*e, model::Flush{});
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].callback, model::Callback::kManifestUpdated);
}

// The same flush, SFW from the worker loop: same calls in the same order, so only the recorder's
// thread role tells them apart.
TEST(RefEngineTest, MutantSfwOnWorkerLoopIsRecordedAsSuch) {
  for (Mutant m : {Mutant::kNone, Mutant::kSfwOnWorkerLoop}) {
    EngineOptions opts;
    opts.mutant = m;
    auto e = NewEngine(opts);
    Step(*e, model::Put{1});
    Step(*e, model::Flush{});
    auto ev = e->TakeEvents();
    ASSERT_EQ(ev.size(), 2u) << Name(m);
    EXPECT_EQ(ev[0].callback, model::Callback::kSstFilesWritten) << Name(m);
    EXPECT_EQ(ev[0].on_worker_loop, m == Mutant::kSfwOnWorkerLoop) << Name(m);
    EXPECT_FALSE(ev[1].on_worker_loop) << Name(m);
  }
}

TEST(RefEngineTest, MutantHookOnGcFiresOnGc) {
  EngineOptions opts;
  opts.mutant = Mutant::kHookOnGc;
  auto e = NewEngine(opts);
  EXPECT_EQ(Step(*e, model::Gc{}), ErrorCode::kOk);
  EXPECT_EQ(e->TakeEvents().size(), 1u);
  auto ref = NewEngine();
  Step(*ref, model::Gc{});
  EXPECT_TRUE(ref->TakeEvents().empty());
}

TEST(RefEngineTest, MutantMuOnFailedCommitFiresForAFailedSave) {
  EngineOptions opts;
  opts.mutant = Mutant::kMuOnFailedCommit;
  auto e = NewEngine(opts);
  EXPECT_EQ(Step(*e, model::Alter{model::AlterKind::kAddColumn}, {model::FaultKind::kSaveFails}),
            ErrorCode::kStorage);
  EXPECT_EQ(e->TakeEvents().size(), 1u);
}

TEST(RefEngineTest, MutantSkipSfwOnCompaction) {
  EngineOptions opts;
  opts.mutant = Mutant::kSkipSfwOnCompaction;
  auto e = NewEngine(opts);
  for (uint8_t ts : {1, 2}) {
    Step(*e, model::Put{ts});
    Step(*e, model::Flush{});
  }
  e->TakeEvents();
  EXPECT_EQ(Step(*e, model::CompactLocal{}), ErrorCode::kOk);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].callback, model::Callback::kManifestUpdated);
}

TEST(RefEngineTest, FollowOnIndexBuildsThenAutoCompaction) {
  EngineOptions opts;
  opts.index_mode = model::IndexMode::kAsync;
  opts.auto_compact_threshold = 2;
  auto e = NewEngine(opts);
  Step(*e, model::Put{1});
  Step(*e, model::Flush{});  // file 1; index MU
  Step(*e, model::Put{2});
  Step(*e, model::Flush{});  // file 2; index MU; compaction -> 3; index MU for 3
  auto ev = e->TakeEvents();
  std::vector<std::string> kinds;
  for (const auto& x : ev)
    kinds.push_back(x.callback == model::Callback::kSstFilesWritten ? "SFW" : "MU");
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"SFW", "MU", "MU", "SFW", "MU", "MU", "SFW", "MU", "MU"}));
  EXPECT_EQ(e->Observe().live_files, std::vector<model::FileId>{3});
}

TEST(RefEngineTest, RemoteCompactionFiresOnTheCompactorOnly) {
  auto e = NewEngine({.remote_counter = model::RemoteCounter::kClosed});
  for (uint8_t ts : {1, 2}) {
    Step(*e, model::Put{ts});
    Step(*e, model::Flush{});
  }
  e->TakeEvents();
  EXPECT_EQ(Step(*e, model::CompactRemote{}), ErrorCode::kOk);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_TRUE(ev[0].on_compactor && ev[1].on_compactor);
  EXPECT_EQ(ev[1].version, 3u);
  model::Observation o = e->Observe();
  EXPECT_EQ(o.live_files, std::vector<model::FileId>{3});
  EXPECT_EQ(o.manifest_version, 3u);
}

TEST(RefEngineTest, CloseWithNoopWalFlushesFirstAndOpenComesUpFollower) {
  auto e = NewEngine({.skip_wal = true});
  Step(*e, model::Put{1});
  EXPECT_EQ(Step(*e, model::Close{}), ErrorCode::kOk);
  EXPECT_EQ(e->TakeEvents().size(), 2u);
  EXPECT_EQ(e->Observe().presence, model::Presence::kClosed);
  EXPECT_EQ(Step(*e, model::Put{1}), ErrorCode::kRegionNotFound);
  EXPECT_EQ(Step(*e, model::Open{}), ErrorCode::kOk);
  model::Observation o = e->Observe();
  EXPECT_EQ(o.role, model::RoleState::kFollower);
  EXPECT_EQ(o.live_files, std::vector<model::FileId>{1});
  EXPECT_EQ(o.manifest_version, 1u);
  // Catch-up with set_writable: the backfill writes the fetched expr.
  EXPECT_EQ(Step(*e, model::Catchup{}), ErrorCode::kOk);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].actions[0].kind, model::ActionKind::kChange);
  EXPECT_EQ(e->Observe().live_partition_expr, 1);
}

TEST(RefEngineTest, EditWithQueuedRawEditsMergesThemIntoOneManifestUpdated) {
  auto e = NewEngine();
  model::EditRegion edit;
  edit.add = 1;
  edit.queued = 2;
  EXPECT_EQ(Step(*e, edit), ErrorCode::kOk);
  auto ev = e->TakeEvents();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].actions[0].add, std::vector<model::FileId>{1});
  EXPECT_EQ(ev[1].actions[0].add, (std::vector<model::FileId>{2, 3}));
  EXPECT_EQ(Step(*e, model::EditRegion{0, 0, 1, 0}), ErrorCode::kInvalidRequest);
}

TEST(RefEngineTest, DropThenCreateStartsAFreshInstance) {
  auto e = NewEngine();
  Step(*e, model::Put{1});
  Step(*e, model::Flush{});
  // Erratum 15: Create on an open region is Ok and changes nothing.
  EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);
  EXPECT_EQ(e->Observe().manifest_version, 1u);
  EXPECT_EQ(Step(*e, model::Drop{}), ErrorCode::kOk);
  EXPECT_EQ(e->Observe().presence, model::Presence::kDropped);
  EXPECT_EQ(Step(*e, model::Create{}), ErrorCode::kOk);
  model::Observation o = e->Observe();
  EXPECT_TRUE(o.live_files.empty());
  EXPECT_EQ(o.manifest_version, 0u);
}

}  // namespace
}  // namespace hookcheck::engine

namespace hookcheck::engine {
namespace {

// A fault the op never reached is gone once the engine is idle: it must not strike the next op.
// (Before WaitIdle disarmed leftovers, this raced with the op scope's destruction and a later
// EditRegion sometimes returned Storage.)
TEST(RefEngineFaultTest, AnUnusedFaultDoesNotOutliveItsOp) {
  for (int round = 0; round < 200; ++round) {
    auto e = NewEngine();
    ASSERT_EQ(Step(*e, model::Gc{}, {model::FaultKind::kSaveFails, model::RoleState::kFollower}),
              ErrorCode::kOk);
    ASSERT_EQ(Step(*e, model::EditRegion{1, 0, 1, 0}), ErrorCode::kOk) << "round " << round;
    ASSERT_EQ(
        Step(*e, model::Flush{}, {model::FaultKind::kSstWriteFails, model::RoleState::kFollower}),
        ErrorCode::kOk);  // empty memtable: no SST write to strike
    ASSERT_EQ(Step(*e, model::Put{1}), ErrorCode::kOk);
    ASSERT_EQ(Step(*e, model::Flush{}), ErrorCode::kOk) << "round " << round;
  }
}

}  // namespace
}  // namespace hookcheck::engine
