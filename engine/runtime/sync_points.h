// File: engine/runtime/sync_points.h
// Defines `SyncPoints`, the "A before B" dependencies between named sync points (RocksDB's
// SyncPoint::LoadDependency): a task reaching B waits until some task has passed A. Built on the
// runtime's own Mutex and CondVar, so on the deterministic runtime the wait is a schedule point
// and an unmet dependency ends as a deadlock report naming the point; on threads it is bounded
// by the same watchdog as every other wait.
// Thread-safety: thread-safe. The dependency table is immutable after construction.
#ifndef HOOKCHECK_ENGINE_RUNTIME_SYNC_POINTS_H_
#define HOOKCHECK_ENGINE_RUNTIME_SYNC_POINTS_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/thread_annotations.h"
#include "engine/runtime/sync.h"

namespace hookcheck::runtime {

class SyncPoints {
 public:
  SyncPoints(Runtime* rt, const std::vector<std::pair<std::string, std::string>>& deps);

  // Waits until every predecessor of `name` has been passed, then marks `name` passed. A point
  // that takes part in no dependency returns at once.
  void Process(const char* name) REQUIRES(!mu_);

 private:
  // Constants.
  std::multimap<std::string, std::string> before_;  // B -> each A that must come first
  std::set<std::string> involved_;                  // every A and B

  Mutex mu_;
  CondVar cv_;
  std::set<std::string> passed_ GUARDED_BY(mu_);
};

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_SYNC_POINTS_H_
