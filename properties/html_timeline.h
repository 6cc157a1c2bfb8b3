// File: properties/html_timeline.h
// Defines `RenderHtmlTimeline`, which draws one run (`RunResult`) as a self-contained HTML page: a
// row per step with the command, the reply against the expected result, and two lanes side by side,
// the calls the model expects and the callbacks the engine fired. The failing step is marked, its
// first differing call is highlighted and its problems are listed under it. The page has inline CSS
// only: no JavaScript and no external resources, so it opens anywhere, offline.
// Thread-safety: pure functions.
#ifndef HOOKCHECK_PROPERTIES_HTML_TIMELINE_H_
#define HOOKCHECK_PROPERTIES_HTML_TIMELINE_H_

#include <string>
#include <string_view>

#include "properties/sequential_runner.h"

namespace hookcheck::properties {

// The whole page, starting with "<!DOCTYPE html>". `title` heads the page (the engine's name and
// the sequence, say); every text in it and in `run` is escaped.
std::string RenderHtmlTimeline(const RunResult& run, const std::string& title);

// `text` with &, <, >, " and ' replaced by entities, safe both as element text and as an attribute.
std::string HtmlEscape(std::string_view text);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_HTML_TIMELINE_H_
