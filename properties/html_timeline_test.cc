#include "properties/html_timeline.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/mutant.h"
#include "model/op_text.h"
#include "properties/engine_factory.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {
namespace {

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

RunResult RunOnMutant(const char* ops, engine::Mutant mutant) {
  model::ParsedSequence parsed = model::ParseInline(ops, {});
  EXPECT_TRUE(parsed.sequence) << parsed.error;
  if (!parsed.sequence) return {};
  auto engine = MakeRefEngine({.mutant = mutant});
  return RunSequence(engine.get(), {}, parsed.sequence->commands);
}

TEST(HtmlTimeline, ShowsTheFailingStepOfAMutantRun) {
  const RunResult run = RunOnMutant("EnterStaging expr=1; Remap files=1; ApplyStaging expr=1",
                                    engine::Mutant::kApplyStagingFiresOnce);
  ASSERT_FALSE(run.passed());
  ASSERT_EQ(run.steps.size(), 3u);
  const std::string html = RenderHtmlTimeline(run, "ref+mutant:apply_staging_fires_once");

  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  // Balanced, well enough for a browser to lay out what the test asserts on.
  EXPECT_EQ(Count(html, "<table"), Count(html, "</table>"));
  EXPECT_EQ(Count(html, "<tr"), Count(html, "</tr>"));
  EXPECT_EQ(Count(html, "<td"), Count(html, "</td>"));
  // One row per step, plus the header row and the problems row under the failing step.
  EXPECT_EQ(Count(html, "<tr"), 3u + 1u + 1u);

  // The failing step: its command, a marker, the promotion MU the model expects and the engine
  // never fired, highlighted as the first difference.
  EXPECT_NE(html.find(model::FormatCommand(run.steps[2].command)), std::string::npos);
  EXPECT_NE(html.find("FAIL at step 3"), std::string::npos);
  EXPECT_EQ(Count(html, "id=\"failing-step\""), 1u);
  EXPECT_NE(html.find("class=\"marker\">FAIL<"), std::string::npos);
  EXPECT_NE(html.find("MU v3 [PartitionExprChange(1), Edit(+1)]"), std::string::npos) << html;
  EXPECT_NE(html.find("(promotion)"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"call missing diff\">nothing</span>"), std::string::npos);
  // The problems are listed, escaped ("->" becomes "-&gt;").
  EXPECT_NE(html.find("expected MU x2, saw MU x1"), std::string::npos) << html;
  EXPECT_NE(html.find("(staging edit) -&gt; MU v3"), std::string::npos) << html;
  // Passing steps stay compact rows.
  EXPECT_EQ(Count(html, "<tr class=\"ok\">"), 2u);
  // No script and nothing fetched from elsewhere.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
}

TEST(HtmlTimeline, EscapesEveryText) {
  RunResult run = RunOnMutant("Put ts=1; Flush", engine::Mutant::kNone);
  ASSERT_TRUE(run.passed());
  run.steps.back().problems.push_back("saw <script>alert('x')</script> & \"more\"");
  run.failed_index = run.steps.size() - 1;
  const std::string html = RenderHtmlTimeline(run, "title <b>&</b>");

  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("saw &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("<title>title &lt;b&gt;&amp;&lt;/b&gt;</title>"), std::string::npos);
  EXPECT_EQ(Count(html, "<tr"), Count(html, "</tr>"));
}

TEST(HtmlTimeline, APassingRunHasNoFailingStep) {
  const RunResult run = RunOnMutant("Put ts=1; Flush", engine::Mutant::kNone);
  ASSERT_TRUE(run.passed());
  const std::string html = RenderHtmlTimeline(run, "ref");
  EXPECT_NE(html.find("PASS: 2 steps conform"), std::string::npos);
  EXPECT_EQ(html.find("failing-step"), std::string::npos);
  EXPECT_NE(html.find("SFW [1]"), std::string::npos) << html;
}

TEST(HtmlTimeline, EscapeReplacesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(HtmlEscape("plain"), "plain");
}

}  // namespace
}  // namespace hookcheck::properties
