#include "properties/property_coverage.h"

#include <algorithm>
#include <cstdio>
#include <variant>

namespace hookcheck::properties {
namespace {

using model::Callback;

int Count(const model::Expectation& e, Callback c, bool on_compactor = false) {
  return static_cast<int>(
      std::count_if(e.calls.begin(), e.calls.end(), [&](const model::ExpectedCall& call) {
        return call.callback == c && call.on_compactor == on_compactor;
      }));
}

}  // namespace

std::string_view Name(HookPath p) {
  switch (p) {
    case HookPath::kFlush:
      return "flush";
    case HookPath::kLocalCompaction:
      return "local compaction";
    case HookPath::kRemoteCompaction:
      return "remote compaction";
    case HookPath::kEdit:
      return "edit";
    case HookPath::kCopy:
      return "copy";
    case HookPath::kApplyStagingMuTwice:
      return "apply staging (MU twice)";
    case HookPath::kAlter:
      return "alter";
    case HookPath::kTruncate:
      return "truncate";
    case HookPath::kEnterStaging:
      return "enter staging";
    case HookPath::kIndexBuild:
      return "index build";
  }
  return "?";
}

std::vector<HookPath> PathsReached(const PropertyStep& step) {
  const model::Expectation& e = step.record.expect;
  const model::Op& op = step.record.command.op;
  std::vector<HookPath> out;
  const int sfw = Count(e, Callback::kSstFilesWritten), mu = Count(e, Callback::kManifestUpdated);
  if (std::holds_alternative<model::Flush>(op) && sfw >= 1 && mu >= 1)
    out.push_back(HookPath::kFlush);
  if (std::holds_alternative<model::CompactLocal>(op) && sfw >= 1 && mu >= 1)
    out.push_back(HookPath::kLocalCompaction);
  if (std::holds_alternative<model::CompactRemote>(op) &&
      Count(e, Callback::kSstFilesWritten, true) >= 1 &&
      Count(e, Callback::kManifestUpdated, true) >= 1) {
    out.push_back(HookPath::kRemoteCompaction);
  }
  if (std::holds_alternative<model::EditRegion>(op) && mu >= 1) out.push_back(HookPath::kEdit);
  if (std::holds_alternative<model::CopyRegion>(op) && mu >= 1) out.push_back(HookPath::kCopy);
  if (std::holds_alternative<model::ApplyStaging>(op) && e.result == model::ErrorCode::kOk &&
      mu == 2) {
    out.push_back(HookPath::kApplyStagingMuTwice);
  }
  if (std::holds_alternative<model::Alter>(op) && mu >= 1) out.push_back(HookPath::kAlter);
  if (std::holds_alternative<model::Truncate>(op) && mu >= 1) out.push_back(HookPath::kTruncate);
  if (std::holds_alternative<model::EnterStaging>(op) && e.result == model::ErrorCode::kOk &&
      mu >= 1) {
    out.push_back(HookPath::kEnterStaging);
  }
  if (std::holds_alternative<model::BuildIndex>(op) && mu >= 1)
    out.push_back(HookPath::kIndexBuild);
  return out;
}

void PropertyCoverage::Add(const PropertyStep& step) {
  ++steps_;
  for (HookPath p : PathsReached(step)) ++paths_[static_cast<size_t>(p)];
  if (step.fault_struck) ++faults_[static_cast<size_t>(step.record.command.fault.kind)];
  const bool fired = !step.record.expect.calls.empty();
  ++outcomes_[{static_cast<int>(step.record.command.op.index()), step.record.expect.result, fired}];
}

void PropertyCoverage::Merge(const PropertyCoverage& other) {
  for (size_t i = 0; i < paths_.size(); ++i) paths_[i] += other.paths_[i];
  for (size_t i = 0; i < faults_.size(); ++i) faults_[i] += other.faults_[i];
  for (const auto& [key, n] : other.outcomes_) outcomes_[key] += n;
  steps_ += other.steps_;
}

std::vector<std::string> PropertyCoverage::Missing() const {
  std::vector<std::string> out;
  for (int i = 0; i < kHookPathCount; ++i) {
    if (paths_[i] == 0)
      out.push_back("hook path never exercised: " + std::string(Name(static_cast<HookPath>(i))));
  }
  for (model::FaultKind f : kFaultKinds) {
    if (faults_[static_cast<size_t>(f)] == 0)
      out.push_back("fault never struck: " + std::string(model::Name(f)));
  }
  return out;
}

std::string PropertyCoverage::ToTable() const {
  char line[160];
  std::string out = "hook path                    steps\n";
  for (int i = 0; i < kHookPathCount; ++i) {
    std::snprintf(line, sizeof line, "  %-26s %8llu\n",
                  std::string(Name(static_cast<HookPath>(i))).c_str(),
                  static_cast<unsigned long long>(paths_[i]));
    out += line;
  }
  out += "fault struck                 steps\n";
  for (model::FaultKind f : kFaultKinds) {
    std::snprintf(line, sizeof line, "  %-26s %8llu\n", std::string(model::Name(f)).c_str(),
                  static_cast<unsigned long long>(faults_[static_cast<size_t>(f)]));
    out += line;
  }
  out += "op kind             result              fired  steps\n";
  for (const auto& [key, n] : outcomes_) {
    const auto& [op, result, fired] = key;
    std::snprintf(line, sizeof line, "  %-17s %-19s %-5s %6llu\n",
                  std::string(model::OpName(op)).c_str(), std::string(model::Name(result)).c_str(),
                  fired ? "yes" : "no", static_cast<unsigned long long>(n));
    out += line;
  }
  std::snprintf(line, sizeof line, "total steps %llu\n", static_cast<unsigned long long>(steps_));
  out += line;
  return out;
}

}  // namespace hookcheck::properties
