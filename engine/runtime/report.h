// File: engine/runtime/report.h
// Defines what one run of a program on a runtime ends with: `Outcome`, `HeldLock` (a lock a task
// holds, with its mode and acquisition site), `TaskSnapshot` (a task's wait site and held locks
// when the run stopped) and `RunReport` (the outcome, a one-line message, the snapshots, and on
// the deterministic runtime the schedule that replays the run).
// Thread-safety: immutable values.
#ifndef HOOKCHECK_ENGINE_RUNTIME_REPORT_H_
#define HOOKCHECK_ENGINE_RUNTIME_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hookcheck::runtime {

using TaskId = uint32_t;

enum class LockMode : uint8_t { kRead, kWrite };
// kManifest marks the region's manifest lock: a hook entered while the calling task holds it in
// write mode is the violation `Outcome::kHookUnderManifestLock`.
enum class LockRole : uint8_t { kPlain, kManifest };

enum class Outcome : uint8_t {
  kOk,                     // every task finished and nothing failed
  kFailed,                 // the program under test called Runtime::Fail, or a task threw
  kDeadlock,               // no task could run while some waited (threads: none moved for a bound)
  kHookUnderManifestLock,  // a hook was entered while its caller held the manifest write lock
  kBudgetExhausted,        // a budget ran out (steps, or 36 choices a decision): unknown
  kBadSchedule,            // a replay string does not fit the program (bad input)
};
std::string_view Name(Outcome o);  // "ok", "failed", "deadlock", ...

struct HeldLock {
  const void* lock = nullptr;  // identity only
  const char* name = "";       // string literals, kept by pointer
  const char* site = "";
  LockRole role = LockRole::kPlain;
  LockMode mode = LockMode::kWrite;
};

struct TaskSnapshot {
  TaskId id = 0;
  std::string name;
  std::string wait_site;  // "" when the task was not waiting
  std::vector<HeldLock> held;
};

// One schedule point the deterministic runtime passed: which task, where.
struct TraceStep {
  TaskId task = 0;
  const char* site = "";
  bool operator==(const TraceStep& o) const;
};

struct RunReport {
  Outcome outcome = Outcome::kOk;
  std::string message;              // one line; "" when kOk
  std::vector<TaskSnapshot> tasks;  // unfinished tasks (kDeadlock, kHookUnderManifestLock)
  std::string schedule;             // "replay:..." (deterministic), "threads" otherwise
  uint64_t steps = 0;               // schedule points passed
  uint64_t switches = 0;            // context switches between tasks (deterministic)
  std::vector<TraceStep> trace;     // deterministic, when tracing is on

  bool ok() const { return outcome == Outcome::kOk; }
  // Records how the run ended iff nothing has been recorded yet: the first failure or stop wins.
  void RecordFirst(Outcome o, std::string m, std::vector<TaskSnapshot> t = {});
  // The outcome, the message, then one line per task snapshot:
  //   task 2 "b": waits at Inv:LockA (mutex a); holds mutex b (write, at Inv:LockB)
  std::string Format() const;
};

std::string FormatTask(const TaskSnapshot& t);
// A wait site for a snapshot: "Inv:LockA (write mutex a)".
std::string DescribeWait(const char* site, const char* what, const char* object);

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_REPORT_H_
