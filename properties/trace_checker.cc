#include "properties/trace_checker.h"

#include <algorithm>
#include <variant>

namespace hookcheck::properties {
namespace {

using engine::HookEvent;
using model::Callback;
using model::ExpectedCall;

// What a call looks like with its version set aside: the part compared position by position,
// every payload field included (SFW file rows, time ranges and levels; the Edit and Truncate
// payload fields; the GC info).
struct Payload {
  Callback callback;
  std::vector<model::FileId> files;
  std::vector<model::SstFileInfo> file_infos;
  std::vector<model::Action> actions;
  bool gc_region_dropped;
  bool gc_full_listing;
  bool on_compactor;
  bool operator==(const Payload&) const = default;
};

Payload PayloadOf(const ExpectedCall& c) {
  return {c.callback,          c.files,           c.file_infos,  c.actions,
          c.gc_region_dropped, c.gc_full_listing, c.on_compactor};
}
Payload PayloadOf(const HookEvent& e) {
  return {e.callback,          e.files,           e.file_infos,  e.actions,
          e.gc_region_dropped, e.gc_full_listing, e.on_compactor};
}

// Without the fields an engine did not report (HookEvent::payload_reported): SFW file rows,
// time ranges and levels, and the Edit/Truncate payload fields.
Payload ShapeOnly(Payload p) {
  p.file_infos.clear();
  for (model::Action& a : p.actions) model::ClearPayload(&a);
  return p;
}

// The expected call's payload as far as `got` reported one.
Payload ComparedPayload(const ExpectedCall& want, const HookEvent& got) {
  return got.payload_reported ? PayloadOf(want) : ShapeOnly(PayloadOf(want));
}

// The payload in one string: the shape as printed, then every payload field, so two payloads
// that print alike but differ still sort apart.
std::string PayloadKey(const Payload& p) {
  std::string out =
      model::CallString(p.callback, p.files, 0, p.actions, p.gc_region_dropped, p.gc_full_listing);
  for (const model::SstFileInfo& f : p.file_infos) out += " " + model::ToString(f);
  for (const model::Action& a : p.actions) out += " {" + model::PayloadString(a) + "}";
  return out + (p.on_compactor ? " @compactor" : "");
}

bool PayloadLess(const Payload& a, const Payload& b) { return PayloadKey(a) < PayloadKey(b); }

std::string Describe(const ExpectedCall& c) {
  std::string out = model::ToString(c);
  if (!c.why.empty()) out += " (" + std::string(c.why) + ")";
  return out;
}

std::string Describe(const HookEvent& e) {
  std::string out = model::CallString(e.callback, e.files, e.version, e.actions,
                                      e.gc_region_dropped, e.gc_full_listing);
  if (e.on_compactor) out += " on compactor";
  return out;
}

// The payload fields in which two calls of the same shape differ, as "; SFW file 3: expected
// 3(rows=2 ts=1..4 L0), saw 3(rows=1 ts=1..4 L0)"; "" when none does.
std::string PayloadFieldDifference(const ExpectedCall& want, const HookEvent& got) {
  std::string out;
  if (!got.payload_reported) return out;
  if (want.file_infos != got.file_infos) {
    auto list = [](const std::vector<model::SstFileInfo>& fs) {
      std::string s;
      for (size_t i = 0; i < fs.size(); ++i) s += (i ? ", " : "") + model::ToString(fs[i]);
      return "[" + s + "]";
    };
    out += "; SFW files: expected " + list(want.file_infos) + ", saw " + list(got.file_infos);
  }
  if (want.actions.size() == got.actions.size()) {
    for (size_t i = 0; i < want.actions.size(); ++i) {
      const std::string w = model::PayloadString(want.actions[i]),
                        g = model::PayloadString(got.actions[i]);
      if (w != g) {
        out += "; action " + std::to_string(i + 1) + " " + model::ToString(want.actions[i]) +
               ": expected {" + w + "}, saw {" + g + "}";
      }
    }
  }
  return out;
}

template <class T>
std::string Join(const std::vector<T>& calls) {
  if (calls.empty()) return "nothing";
  std::string out;
  for (size_t i = 0; i < calls.size(); ++i) out += (i ? " -> " : "") + Describe(calls[i]);
  return out;
}

bool HasVersion(Callback c) { return c == Callback::kManifestUpdated; }

}  // namespace

std::optional<CallDiff> CompareCalls(const std::vector<ExpectedCall>& expected,
                                     const std::vector<HookEvent>& seen) {
  auto at = [](size_t index, std::string message) { return CallDiff{index, std::move(message)}; };
  size_t i = 0;
  while (i < expected.size()) {
    if (i >= seen.size())
      return at(i, "call " + std::to_string(i + 1) + ": expected " + Describe(expected[i]) +
                       "; saw nothing");
    const uint8_t group = expected[i].unordered_group;
    size_t end = i + 1;
    while (group != 0 && end < expected.size() && expected[end].unordered_group == group) ++end;
    if (end - i == 1) {
      const ExpectedCall& want = expected[i];
      const HookEvent& got = seen[i];
      if (!(ComparedPayload(want, got) == PayloadOf(got)) ||
          (HasVersion(want.callback) && want.version != got.version)) {
        return at(i, "call " + std::to_string(i + 1) + ": expected " + Describe(want) + "; saw " +
                         Describe(got) + PayloadFieldDifference(want, got));
      }
    } else {
      // An unordered group: the same payloads and the same versions, each as a set.
      if (end > seen.size()) {
        return at(i, "calls " + std::to_string(i + 1) + ".." + std::to_string(end) + ": expected " +
                         std::to_string(end - i) + " calls in any order; saw " +
                         std::to_string(seen.size() - i));
      }
      std::vector<Payload> want, got;
      std::vector<model::Version> want_v, got_v;
      for (size_t k = i; k < end; ++k) {
        want.push_back(ComparedPayload(expected[k], seen[k]));
        got.push_back(PayloadOf(seen[k]));
        want_v.push_back(expected[k].version);
        got_v.push_back(seen[k].version);
      }
      std::sort(want.begin(), want.end(), PayloadLess);
      std::sort(got.begin(), got.end(), PayloadLess);
      std::sort(want_v.begin(), want_v.end());
      std::sort(got_v.begin(), got_v.end());
      if (want != got || want_v != got_v) {
        std::vector<ExpectedCall> w(expected.begin() + i, expected.begin() + end);
        std::vector<HookEvent> g(seen.begin() + i, seen.begin() + end);
        return at(i, "calls " + std::to_string(i + 1) + ".." + std::to_string(end) +
                         " (any order): expected " + Join(w) + "; saw " + Join(g));
      }
    }
    i = end;
  }
  if (seen.size() > expected.size()) {
    return at(expected.size(), "call " + std::to_string(expected.size() + 1) +
                                   ": expected nothing more; saw " +
                                   Describe(seen[expected.size()]));
  }
  return std::nullopt;
}

namespace {

template <class T, class F>
std::string Count(const std::vector<T>& calls, F callback_of) {
  int count[model::kCallbackCount] = {};
  for (const T& c : calls) ++count[static_cast<int>(callback_of(c))];
  std::string out;
  for (int k = 0; k < model::kCallbackCount; ++k) {
    if (count[k] == 0) continue;
    out += (out.empty() ? "" : ", ") + std::string(model::Name(static_cast<Callback>(k))) + " x" +
           std::to_string(count[k]);
  }
  return out.empty() ? "nothing" : out;
}

// The model says which ops build a new instance (Expectation::new_instance).
bool StartsInstance(const model::Expectation& expect, model::ErrorCode actual) {
  return actual == model::ErrorCode::kOk && expect.new_instance;
}

}  // namespace

std::string CountCalls(const std::vector<ExpectedCall>& calls) {
  return Count(calls, [](const ExpectedCall& c) { return c.callback; });
}

std::string CountCalls(const std::vector<HookEvent>& events) {
  return Count(events, [](const HookEvent& e) { return e.callback; });
}

std::vector<std::string> TraceChecker::CheckStep(const model::Command& command,
                                                 const model::Expectation& expect,
                                                 model::ErrorCode actual,
                                                 const std::vector<HookEvent>& events) {
  std::vector<std::string> problems;
  upstream_defects_.clear();
  if (StartsInstance(expect, actual)) {
    last_version_.reset();
    compactor_versions_.clear();
  }

  if (actual != expect.result) {
    problems.push_back("returned " + std::string(model::Name(actual)) + ", expected " +
                       std::string(model::Name(expect.result)));
  }
  if (std::optional<CallDiff> diff = CompareCalls(expect.calls, events)) {
    problems.push_back("expected " + CountCalls(expect.calls) + ", saw " + CountCalls(events) +
                       "; " + diff->message);
    problems.push_back("  expected: " + Join(expect.calls));
    problems.push_back("  saw:      " + Join(events));
  }
  const bool any_order = std::any_of(expect.calls.begin(), expect.calls.end(),
                                     [](const ExpectedCall& c) { return c.unordered_group != 0; });
  const std::optional<model::Version> step_floor = last_version_;
  for (const HookEvent& e : events) {
    if (e.lock_held != engine::LockHeld::kNone) {
      problems.push_back(Describe(e) + " ran while its thread held the manifest " +
                         std::string(engine::Name(e.lock_held)) + " lock" +
                         (e.lock_site.empty() ? "" : " (taken at " + e.lock_site + ")"));
    }
    if (e.callback == Callback::kSstFilesWritten && e.on_worker_loop) {
      problems.push_back(Describe(e) +
                         " ran on the region's worker loop thread; SFW must run on "
                         "the flush or compaction task");
    }
    if (e.callback != Callback::kManifestUpdated) continue;
    if (e.on_compactor) {
      compactor_versions_.push_back(e.version);
      continue;
    }
    if (std::find(compactor_versions_.begin(), compactor_versions_.end(), e.version) !=
        compactor_versions_.end()) {
      upstream_defects_.push_back(
          std::string(kDuplicatedMuVersion) + ": MU v" + std::to_string(e.version) +
          " repeats the compactor node's MU v" + std::to_string(e.version) +
          "; the datanode's counter was not advanced past the remote compaction's delta, "
          "which this write overwrites");
    }
    // Builds running in parallel slots deliver their MUs in any order (§8): within such a step
    // each MU is only bound to be newer than every MU before the step.
    const std::optional<model::Version>& floor = any_order ? step_floor : last_version_;
    if (floor && e.version <= *floor) {
      problems.push_back("MU v" + std::to_string(e.version) + " after MU v" +
                         std::to_string(*floor) +
                         ": versions must strictly increase in one region instance");
    }
    last_version_ = std::max(last_version_.value_or(0), e.version);
  }
  return problems;
}

}  // namespace hookcheck::properties
