// Follow-on work (docs/contract.md §1.4): after a Flush op's flush or an EditRegion batch, one
// task at a time on the worker's follow-on queue: index builds for the new files (ascending),
// then an automatic compaction, then index builds for its outputs.
#include <algorithm>

#include "engine/ref_engine.h"

namespace hookcheck::engine {

void RefEngine::QueueIndexBuilds(const std::shared_ptr<Region>& r, std::vector<FileId> files,
                                 ScopeRef scope, bool front) {
  std::sort(files.begin(), files.end());
  std::vector<FollowOnItem> items;
  for (FileId id : files) {
    items.push_back({[this, r, id, scope](std::function<void()> done) {
      StartIndexBuild(r, id, scope, std::move(done));
    }});
  }
  for (size_t i = 0; i < items.size(); ++i) BeginWork();  // queued items count as work
  if (front) {
    follow_on_.insert(follow_on_.begin(), items.begin(), items.end());
  } else {
    follow_on_.insert(follow_on_.end(), items.begin(), items.end());
  }
  RunNextFollowOn();
}

void RefEngine::ScheduleFollowOn(const std::shared_ptr<Region>& r, std::vector<FileId> new_files,
                                 bool compact, ScopeRef scope) {
  if (options_.index_mode == model::IndexMode::kAsync) QueueIndexBuilds(r, new_files, scope, /*front=*/false);
  if (compact && options_.auto_compact_threshold > 0) {
    BeginWork();
    follow_on_.push_back({[this, r, scope](std::function<void()> done) {
      // schedule_compaction: skipped in S and ES; no writability check otherwise.
      const RoleState s = r->ctx->state();
      if (s == RoleState::kStaging || s == RoleState::kEnteringStaging || r->compaction_running ||
          r->ctx->LiveManifest().files.size() < options_.auto_compact_threshold) {
        return done();
      }
      PickerOutput pick = PickCompaction(r->version.Get().files, /*expire_before=*/0);
      if (pick.empty()) return done();
      StartCompaction(r, pick, CompactOptions{}, scope,
                      [this, r, scope, done](Status st, std::vector<FileId> outputs) {
                        // Not rescheduled. With async_index its outputs get index builds next.
                        if (st.ok() && options_.index_mode == model::IndexMode::kAsync && !outputs.empty()) {
                          QueueIndexBuilds(r, outputs, scope, /*front=*/true);
                        }
                        done();
                      });
    }});
  }
  RunNextFollowOn();
}

void RefEngine::RunNextFollowOn() {
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
