#include "engine/runtime/report.h"

#include <cstring>

namespace hookcheck::runtime {

std::string_view Name(Outcome o) {
  switch (o) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kDeadlock:
      return "deadlock";
    case Outcome::kHookUnderManifestLock:
      return "hook under the manifest lock";
    case Outcome::kBudgetExhausted:
      return "unknown (budget exhausted)";
    case Outcome::kBadSchedule:
      return "bad schedule";
  }
  return "?";
}

bool TraceStep::operator==(const TraceStep& o) const {
  return task == o.task && std::strcmp(site, o.site) == 0;
}

std::string FormatTask(const TaskSnapshot& t) {
  std::string s = "task " + std::to_string(t.id) + " \"" + t.name + "\": ";
  s += t.wait_site.empty() ? "not waiting" : "waits at " + t.wait_site;
  if (t.held.empty()) return s + "; holds nothing";
  s += "; holds ";
  for (size_t i = 0; i < t.held.size(); ++i) {
    const HeldLock& h = t.held[i];
    if (i > 0) s += ", ";
    s += std::string(h.name) + " (" + (h.mode == LockMode::kWrite ? "write" : "read") + ", at " +
         h.site + ")";
  }
  return s;
}

std::string DescribeWait(const char* site, const char* what, const char* object) {
  return std::string(site) + " (" + what + " " + object + ")";
}

void RunReport::RecordFirst(Outcome o, std::string m, std::vector<TaskSnapshot> t) {
  if (outcome != Outcome::kOk) return;
  outcome = o;
  message = std::move(m);
  tasks = std::move(t);
}

std::string RunReport::Format() const {
  std::string s(Name(outcome));
  if (!message.empty()) s += ": " + message;
  for (const TaskSnapshot& t : tasks) s += "\n  " + FormatTask(t);
  if (!schedule.empty()) s += "\n  schedule: " + schedule;
  return s;
}

}  // namespace hookcheck::runtime
