// Follow-on work (docs/contract.md §1.4, errata 14, 19, 22): one item at a time on the worker's
// follow-on queue. A Flush op's flush queues async index builds for its file, then the automatic
// compaction check; an edit batch queues the compaction check only (an edit never triggers an
// index build). Every successful compaction queues async index builds for its outputs, then runs
// the picker again (schedule_next_compaction) until it picks nothing.
#include <algorithm>

#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::QueueIndexBuilds(const std::shared_ptr<Region>& r, std::vector<FileId> files,
                                 IndexBuildType type, ScopeRef scope, bool front) {
  if (files.empty()) return;
  FollowOnItem item{[this, r, files = std::move(files), type, scope](std::function<void()> done) {
    ScheduleIndexBuilds(r, files, type, scope, [done](Status) { done(); });
  }};
  BeginWork();  // a queued item counts as work
  if (front) {
    follow_on_.push_front(std::move(item));
  } else {
    follow_on_.push_back(std::move(item));
  }
  RunNextFollowOn();
}

void RefEngine::ScheduleFollowOn(const std::shared_ptr<Region>& r, std::vector<FileId> new_files,
                                 bool compact, ScopeRef scope) {
  if (options_.index_mode == model::IndexMode::kAsync) {
    QueueIndexBuilds(r, new_files, IndexBuildType::kFlush, scope, /*front=*/false);
  }
  if (compact) QueueNextCompaction(r, scope, /*rerun=*/false);
  RunNextFollowOn();
}

void RefEngine::QueueNextCompaction(const std::shared_ptr<Region>& r, ScopeRef scope, bool rerun) {
  if (options_.auto_compact_threshold == 0) return;  // the automatic picker never picks
  BeginWork();
  follow_on_.push_back({[this, r, scope, rerun](std::function<void()> done) {
    // schedule_compaction skips S and ES, reading the state now (erratum 22);
    // schedule_next_compaction has no role check.
    const RoleState s = r->ctx->state();
    if (!rerun && (s == RoleState::kStaging || s == RoleState::kEnteringStaging)) return done();
    if (r->owned().compaction_running) return done();
    // The picker reads the version's files, which a remote compaction can leave apart from the
    // manifest's (erratum 23): the stand-in threshold counts the same files.
    const VersionData d = r->version.Get();
    if (d.files.size() < options_.auto_compact_threshold) return done();
    PickerOutput pick = PickCompaction(d.files, /*expire_before=*/0);
    if (pick.empty()) return done();
    StartCompaction(r, pick, CompactOptions{}, scope,
                    [this, r, scope, done](Status st, std::vector<FileId> outputs) {
                      if (st.ok()) OnCompactionFinished(r, outputs, scope);
                      done();
                    });
  }});
}

void RefEngine::OnCompactionFinished(const std::shared_ptr<Region>& r, std::vector<FileId> outputs,
                                     ScopeRef scope) {
  // Index builds for the outputs go first; a later compaction that removes an output before
  // its build runs makes that build a no-op (the file is no longer live).
  if (options_.index_mode == model::IndexMode::kAsync) {
    QueueIndexBuilds(r, outputs, IndexBuildType::kCompact, scope, /*front=*/true);
  }
  if (!r->owned().pending_compactions.empty()) return;
  if (options_.mutant == Mutant::kCompactionNotRescheduled) return;
  // schedule_next_compaction runs after manual compactions too (min_compaction_interval 0), with
  // Options::Regular: the automatic picker, so auto_compact_threshold gates it.
  QueueNextCompaction(r, scope, /*rerun=*/true);
  RunNextFollowOn();
}

void RefEngine::RunNextFollowOn() {
  worker().AssertOnLoopThread();  // follow_on_ and follow_on_running_ are loop-owned
  if (follow_on_running_ || follow_on_.empty()) return;
  FollowOnItem item = std::move(follow_on_.front());
  follow_on_.pop_front();
  follow_on_running_ = true;
  // `done` may be called on the worker thread (synchronously) or from a task's result message;
  // both run on the worker thread.
  item.run([this] {
    follow_on_running_ = false;
    EndWork();  // the item's BeginWork
    // Posted, not called: an item that finishes synchronously must not recurse.
    PostToWorker([this] { RunNextFollowOn(); });
  });
}

}  // namespace hookcheck::engine
