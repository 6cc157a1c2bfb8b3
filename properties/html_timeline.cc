#include "properties/html_timeline.h"

#include <algorithm>
#include <optional>

#include "model/observation.h"
#include "model/op_text.h"
#include "model/types.h"
#include "properties/trace_checker.h"

namespace hookcheck::properties {
namespace {

using engine::HookEvent;
using engine::LockHeld;
using model::Callback;
using model::ExpectedCall;

// Light theme, readable printed; passing rows are one dense line, the failing row stands out.
constexpr std::string_view kStyle = R"css(
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 24px; }
h1 { font-size: 18px; margin: 0 0 4px; }
code, .call, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.verdict { display: inline-block; font-weight: 600; padding: 2px 10px; border-radius: 4px; margin: 4px 0 10px; }
.verdict.pass { background: #dafbe1; color: #116329; }
.verdict.fail { background: #ffebe9; color: #a40e26; }
.legend { color: #59636e; font-size: 12px; margin: 0 0 12px; }
table.timeline { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.timeline th { text-align: left; font-size: 12px; color: #59636e; font-weight: 600; border-bottom: 2px solid #d1d9e0; padding: 4px 8px; }
table.timeline td { vertical-align: top; padding: 3px 8px; border-bottom: 1px solid #eef1f4; }
col.num { width: 3.5em; } col.cmd { width: 21%; } col.reply { width: 7.5em; }
tr.ok td { color: #3d444d; font-size: 12.5px; }
tr.ok td.num { color: #818b98; }
tr.fail td { background: #fff5f5; border-top: 2px solid #cf222e; padding-top: 8px; padding-bottom: 8px; }
tr.fail td.num { border-left: 5px solid #cf222e; font-weight: 700; color: #a40e26; }
tr.problems td { background: #fff5f5; border-bottom: 2px solid #cf222e; padding-bottom: 10px; }
tr.problems td:first-child { border-left: 5px solid #cf222e; }
tr.fail td { font-size: 13px; }
.note { color: #59636e; font-size: 12px; margin-top: 8px; }
.marker { display: block; margin-top: 4px; font-size: 10px; font-weight: 700; letter-spacing: .04em; color: #fff; background: #cf222e; border-radius: 3px; padding: 1px 4px; text-align: center; }
.lane { display: flex; flex-wrap: wrap; gap: 3px 4px; align-items: center; }
.arrow { color: #818b98; }
.none { color: #818b98; font-style: italic; }
.call { display: inline-block; border: 1px solid #d1d9e0; background: #f6f8fa; border-radius: 4px; padding: 0 5px; }
.call.sfw { border-color: #b6d3f5; background: #eef5ff; }
.call.mu { border-color: #d3c3f5; background: #f6f1ff; }
.call.life { border-color: #c9e3c0; background: #f1faee; }
.call.missing { border-style: dashed; background: #fff; color: #a40e26; }
.call.diff { outline: 2px solid #cf222e; outline-offset: 1px; background: #ffebe9; }
.why, .seq, .thread { color: #59636e; font-size: 11px; }
.tag { display: inline-block; font-size: 10.5px; border-radius: 3px; padding: 0 4px; margin-left: 3px; font-family: system-ui, sans-serif; }
.tag.compactor { background: #ddf4ff; color: #0a3069; border: 1px solid #b6e3ff; }
.tag.group { background: #fff8c5; color: #7d4e00; border: 1px solid #f0d66b; }
.tag.lock { background: #cf222e; color: #fff; font-weight: 600; }
.reply-bad { color: #a40e26; font-weight: 600; }
.cmp { display: grid; grid-template-columns: 2.2em 1fr 1fr; gap: 4px 10px; align-items: start; }
.cmp .h { font-size: 11px; color: #59636e; font-weight: 600; border-bottom: 1px solid #e3b3b3; }
.cmp .idx { color: #818b98; text-align: right; font-size: 12px; }
.cmp .first-diff { color: #a40e26; font-weight: 700; }
.problems h2 { font-size: 13px; margin: 0 0 4px; color: #a40e26; }
.problems ul { margin: 0 0 6px; padding-left: 20px; }
.problems li { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; white-space: pre-wrap; }
pre.obs { background: #fff; border: 1px solid #f0c2c2; border-radius: 4px; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; }
details { margin-top: 4px; font-size: 12px; }
summary { color: #59636e; cursor: pointer; }
)css";

constexpr std::string_view kObservationProblem = "observable state differs after the step:";

// The first call to outline: the first made under the manifest lock, or the first that differs
// (the trace checker's comparison, CompareCalls), whichever comes first.
std::optional<size_t> FirstDifferingCall(const std::vector<ExpectedCall>& expected,
                                         const std::vector<HookEvent>& seen) {
  std::optional<size_t> first;
  if (std::optional<CallDiff> diff = CompareCalls(expected, seen)) first = diff->index;
  for (size_t i = 0; i < seen.size() && (!first || i < *first); ++i) {
    if (seen[i].lock_held != LockHeld::kNone) return i;
  }
  return first;
}

std::string Esc(std::string_view text) { return HtmlEscape(text); }

std::string CallClass(Callback c) {
  switch (c) {
    case Callback::kSstFilesWritten:
      return "sfw";
    case Callback::kManifestUpdated:
      return "mu";
    default:
      return "life";
  }
}

std::string ExpectedChip(const ExpectedCall& c, bool differs) {
  std::string out =
      "<span class=\"call " + CallClass(c.callback) + (differs ? " diff" : "") + "\">";
  out += Esc(model::CallString(c.callback, c.files, c.version, c.actions, c.gc_region_dropped,
                               c.gc_full_listing));
  if (!c.why.empty()) out += " <span class=\"why\">(" + Esc(c.why) + ")</span>";
  if (c.on_compactor) out += "<span class=\"tag compactor\">compactor</span>";
  if (c.unordered_group != 0) {
    out +=
        "<span class=\"tag group\" title=\"calls of this group may arrive in any order\">any order "
        "#" +
        std::to_string(c.unordered_group) + "</span>";
  }
  return out + "</span>";
}

std::string EventChip(const HookEvent& e, bool differs) {
  std::string out =
      "<span class=\"call " + CallClass(e.callback) + (differs ? " diff" : "") + "\">";
  if (e.seq != 0) out += "<span class=\"seq\">#" + std::to_string(e.seq) + "</span> ";
  out += Esc(model::CallString(e.callback, e.files, e.version, e.actions, e.gc_region_dropped,
                               e.gc_full_listing));
  out += " <span class=\"thread\">thread " + std::to_string(e.thread) + "</span>";
  if (e.on_compactor) out += "<span class=\"tag compactor\">compactor</span>";
  if (e.lock_held != LockHeld::kNone) {
    std::string badge = "manifest " + std::string(engine::Name(e.lock_held)) + " lock held";
    if (!e.lock_site.empty()) badge += " (taken at " + e.lock_site + ")";
    out += "<span class=\"tag lock\">" + Esc(badge) + "</span>";
  }
  return out + "</span>";
}

std::string MissingChip() { return "<span class=\"call missing diff\">nothing</span>"; }

// One compact lane: the calls in firing order, joined by arrows.
template <class T, class Chip>
std::string Lane(const std::vector<T>& calls, Chip chip) {
  if (calls.empty()) return "<span class=\"none\">nothing</span>";
  std::string out = "<div class=\"lane\">";
  for (size_t i = 0; i < calls.size(); ++i) {
    if (i) out += "<span class=\"arrow\">&rarr;</span>";
    out += chip(calls[i], false);
  }
  return out + "</div>";
}

// The two lanes of a failing step, call by call on aligned rows, the first difference highlighted.
std::string ComparedLanes(const StepRecord& step) {
  const std::vector<ExpectedCall>& want = step.expect.calls;
  const std::vector<HookEvent>& got = step.events;
  const std::optional<size_t> first = FirstDifferingCall(want, got);
  std::string out =
      "<div class=\"cmp\"><div class=\"h\">call</div><div class=\"h\">model expects</div>"
      "<div class=\"h\">engine fired</div>";
  const size_t n = std::max(want.size(), got.size());
  if (n == 0)
    out += "<div></div><div class=\"none\">nothing</div><div class=\"none\">nothing</div>";
  for (size_t i = 0; i < n; ++i) {
    const bool differs = first == i;
    out += "<div class=\"idx" + std::string(differs ? " first-diff" : "") + "\">" +
           std::to_string(i + 1) + "</div>";
    out += "<div>" + (i < want.size() ? ExpectedChip(want[i], differs) : MissingChip()) + "</div>";
    out += "<div>" + (i < got.size() ? EventChip(got[i], differs) : MissingChip()) + "</div>";
  }
  return out + "</div>";
}

std::string Reply(const StepRecord& step) {
  const std::string got(model::Name(step.actual));
  if (step.actual == step.expect.result) return Esc(got);
  return "<span class=\"reply-bad\">" + Esc(got) + "</span><br><span class=\"why\">expected " +
         Esc(model::Name(step.expect.result)) + "</span>";
}

// The row under a failing step: its problems, then the observable-state diff when there is one.
// A failing step of a run keeps its observations (KeepForReport); one built without them gets
// the problems only.
std::string ProblemsRow(const StepRecord& step) {
  const std::optional<StepObservations>& seen = step.observations;
  const std::string diff = seen ? model::Diff(seen->model, seen->engine) : std::string();
  std::string out = "<tr class=\"problems\"><td></td><td colspan=\"4\"><h2>Why step " +
                    std::to_string(step.number) + " fails</h2><ul>";
  bool open = false;
  for (const std::string& p : step.problems) {
    // The runner spells the observation diff out as problem lines; it is drawn below instead.
    if (!diff.empty() && p == kObservationProblem) break;
    // An indented line continues the problem above it (the "expected:" / "saw:" lines).
    if (open && !p.empty() && p[0] == ' ') {
      out += "\n" + Esc(p);
      continue;
    }
    if (open) out += "</li>";
    out += "<li>" + Esc(p);
    open = true;
  }
  if (open) out += "</li>";
  out += "</ul>";
  if (!diff.empty()) {
    out += "<h2>Observable state differs after the step</h2><pre class=\"obs\">" + Esc(diff) +
           "</pre>";
  }
  if (seen) {
    out +=
        "<details><summary>observable state after the step</summary>"
        "<pre class=\"obs\">model:  " +
        Esc(model::ToString(seen->model)) + "\nengine: " + Esc(model::ToString(seen->engine)) +
        "</pre></details>";
  }
  return out + "</td></tr>\n";
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderHtmlTimeline(const RunResult& run, const std::string& title) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      Esc(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  out += "<h1>" + Esc(title) + "</h1>\n";
  if (run.passed()) {
    out += "<div class=\"verdict pass\">PASS: " + std::to_string(run.steps.size()) +
           " steps conform</div>\n";
  } else {
    const StepRecord& failed = run.steps[*run.failed_index];
    out += "<div class=\"verdict fail\">FAIL at step " + std::to_string(failed.number) + ": " +
           Esc(model::FormatCommand(failed.command)) + "</div>\n";
  }
  out +=
      "<p class=\"legend\">Each row is one step: the command, the engine's reply, the calls the "
      "model "
      "expects and the callbacks the engine fired (#n: position in the trace). A red badge marks a "
      "callback that ran under the manifest lock; the outlined call is the first that "
      "differs.</p>\n";
  out +=
      "<table class=\"timeline\">\n<colgroup><col class=\"num\"><col class=\"cmd\"><col "
      "class=\"reply\">"
      "<col><col></colgroup>\n<thead><tr><th>step</th><th>command</th><th>reply</th><th>model "
      "expects</th>"
      "<th>engine fired</th></tr></thead>\n<tbody>\n";
  for (const StepRecord& step : run.steps) {
    const std::string command = "<code>" + Esc(model::FormatCommand(step.command)) + "</code>";
    if (step.ok()) {
      out += "<tr class=\"ok\"><td class=\"num\">" + std::to_string(step.number) + "</td><td>" +
             command + "</td><td>" + Reply(step) + "</td><td>" +
             Lane(step.expect.calls,
                  [](const ExpectedCall& c, bool d) { return ExpectedChip(c, d); }) +
             "</td><td>" +
             Lane(step.events, [](const HookEvent& e, bool d) { return EventChip(e, d); }) +
             "</td></tr>\n";
      continue;
    }
    out += "<tr class=\"fail\" id=\"failing-step\"><td class=\"num\">" +
           std::to_string(step.number) + "<span class=\"marker\">FAIL</span></td><td>" + command +
           "</td><td>" + Reply(step) + "</td><td colspan=\"2\">" + ComparedLanes(step) +
           "</td></tr>\n";
    out += ProblemsRow(step);
  }
  out += "</tbody>\n</table>\n";
  if (!run.passed())
    out += "<p class=\"note\">The run stops at the first step that does not conform.</p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace hookcheck::properties
