// Implements ConformanceReport. Every op of the alphabet gets a row in every expected
// configuration, so an op no checked step exercised shows as unknown rather than missing.
#include "properties/conformance_report.h"

#include <cstdio>
#include <sstream>

#include "model/op.h"
#include "model/region_state.h"
#include "model/step.h"
#include "properties/html_timeline.h"

namespace hookcheck::properties {
namespace {

std::vector<std::string> Columns(const model::Expectation& expect) {
  std::vector<std::string> out;
  bool sfw = false, mu = false;
  for (const model::ExpectedCall& c : expect.calls) {
    (c.callback == model::Callback::kSstFilesWritten ? sfw : mu) = true;
  }
  if (sfw) out.push_back("SFW");
  if (mu) out.push_back("MU");
  if (out.empty()) out.push_back("none");
  return out;
}

// HTML's escaping serves XML attributes too; XML 1.0 has no control characters at all.
std::string XmlEscape(std::string s) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') c = ' ';
  }
  return HtmlEscape(s);
}

}  // namespace

std::string_view Name(CellVerdict v) {
  switch (v) {
    case CellVerdict::kPass:
      return "pass";
    case CellVerdict::kFail:
      return "fail";
    case CellVerdict::kUnknown:
      return "unknown";
  }
  return "?";
}

std::string ConformanceReport::ConfigLabel(const model::ModelConfig& c) {
  std::string out = std::string(model::Name(c.contract)) + (c.skip_wal ? " skip_wal" : " wal") +
                    " index=" + std::string(model::Name(c.index_mode)) +
                    " auto_compact=" + std::to_string(c.auto_compact_threshold);
  if (c.index_build_slots != 1) out += " slots=" + std::to_string(c.index_build_slots);
  if (c.remote_counter != model::RemoteCounter::kUpstream)
    out += " remote_counter=" + std::string(model::Name(c.remote_counter));
  return out;
}

void ConformanceReport::Expect(const model::ModelConfig& config) {
  MutexLock l(&mu_);
  auto& ops = cells_[ConfigLabel(config)];
  for (int i = 0; i < model::kOpKindCount; ++i) {
    for (const char* column : kCallbackColumns) ops[std::string(model::OpName(i))][column];
  }
}

void ConformanceReport::AddStep(const std::string& config, const model::Command& command,
                                const model::Expectation& expect, bool ok) {
  auto& row = cells_[config][std::string(model::OpName(command.op))];
  for (const std::string& column : Columns(expect))
    (ok ? row[column].passed : row[column].failed)++;
}

void ConformanceReport::Add(const model::ModelConfig& config, const RunResult& run) {
  const std::string label = ConfigLabel(config);
  MutexLock l(&mu_);
  for (const StepRecord& step : run.steps) AddStep(label, step.command, step.expect, step.ok());
}

void ConformanceReport::AddCommands(const model::ModelConfig& config,
                                    const std::vector<model::Command>& commands, bool failed_last) {
  const std::string label = ConfigLabel(config);
  model::RegionState state = model::InitialState();
  MutexLock l(&mu_);
  for (size_t i = 0; i < commands.size(); ++i) {
    model::StepResult r = model::Step(state, commands[i], config);
    state = std::move(r.next);
    AddStep(label, commands[i], r.expect, !(failed_last && i + 1 == commands.size()));
  }
}

CellVerdict ConformanceReport::Verdict(const std::string& config, const std::string& op,
                                       const std::string& column) const {
  MutexLock l(&mu_);
  auto c = cells_.find(config);
  if (c == cells_.end()) return CellVerdict::kUnknown;
  auto o = c->second.find(op);
  if (o == c->second.end()) return CellVerdict::kUnknown;
  auto k = o->second.find(column);
  if (k == o->second.end()) return CellVerdict::kUnknown;
  if (k->second.failed) return CellVerdict::kFail;
  return k->second.passed ? CellVerdict::kPass : CellVerdict::kUnknown;
}

std::string ConformanceReport::ToText() const {
  MutexLock l(&mu_);
  std::ostringstream o;
  for (const auto& [config, ops] : cells_) {
    o << "conformance report, config " << config << " (checked steps per cell; FAIL n: n failed)\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %-22s %-12s %-12s %-12s\n", "op", "SFW", "MU", "none");
    o << line;
    for (const auto& [op, columns] : ops) {
      std::string text[3];
      for (int k = 0; k < 3; ++k) {
        auto it = columns.find(kCallbackColumns[k]);
        const Cell cell = it == columns.end() ? Cell{} : it->second;
        text[k] = cell.failed   ? "FAIL " + std::to_string(cell.failed)
                  : cell.passed ? "pass " + std::to_string(cell.passed)
                                : "unknown";
      }
      std::snprintf(line, sizeof line, "  %-22s %-12s %-12s %-12s\n", op.c_str(), text[0].c_str(),
                    text[1].c_str(), text[2].c_str());
      o << line;
    }
  }
  return o.str();
}

nlohmann::json ConformanceReport::ToJson() const {
  MutexLock l(&mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [config, ops] : cells_) {
    for (const auto& [op, columns] : ops) {
      for (const char* column : kCallbackColumns) {
        auto it = columns.find(column);
        const Cell cell = it == columns.end() ? Cell{} : it->second;
        const CellVerdict v = cell.failed   ? CellVerdict::kFail
                              : cell.passed ? CellVerdict::kPass
                                            : CellVerdict::kUnknown;
        out.push_back({{"config", config},
                       {"op", op},
                       {"callback", column},
                       {"verdict", Name(v)},
                       {"passed_steps", cell.passed},
                       {"failed_steps", cell.failed}});
      }
    }
  }
  return out;
}

std::string ConformanceReport::ToJUnit(
    const std::vector<std::tuple<std::string, std::string, std::string>>& parts) const {
  const nlohmann::json cells = ToJson();
  size_t failures = 0, skipped = 0;
  std::ostringstream body;
  auto testcase = [&](const std::string& suite, const std::string& name, const std::string& verdict,
                      const std::string& message) {
    body << "    <testcase classname=\"" << XmlEscape(suite) << "\" name=\"" << XmlEscape(name)
         << "\"";
    if (verdict == "pass") {
      body << "/>\n";
    } else if (verdict == "unknown") {
      ++skipped;
      body << "><skipped message=\"" << XmlEscape(message) << "\"/></testcase>\n";
    } else {
      ++failures;
      body << "><failure message=\"" << XmlEscape(message) << "\"/></testcase>\n";
    }
  };
  for (const auto& [name, verdict, message] : parts)
    testcase("hookcheck.conform.parts", name, verdict, message);
  for (const nlohmann::json& c : cells) {
    const std::string verdict = c["verdict"];
    const std::string message =
        verdict == "fail" ? std::to_string(c["failed_steps"].get<uint64_t>()) + " step(s) failed"
        : verdict == "unknown" ? "no checked step exercised this cell"
                               : "";
    testcase("hookcheck.conform." + c["config"].get<std::string>(),
             c["op"].get<std::string>() + " " + c["callback"].get<std::string>(), verdict, message);
  }
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<testsuites>\n  <testsuite name=\"hookcheck conform\" tests=\""
    << parts.size() + cells.size() << "\" failures=\"" << failures << "\" skipped=\"" << skipped
    << "\">\n"
    << body.str() << "  </testsuite>\n</testsuites>\n";
  return o.str();
}

}  // namespace hookcheck::properties
