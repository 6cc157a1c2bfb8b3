#include "properties/corpus_golden.h"

#include <cassert>

#include "model/step.h"

namespace hookcheck::properties {
namespace {

constexpr std::string_view kGoldenPrefix = "#=";

std::string_view Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

enum class LineKind : uint8_t { kOther, kCommand, kGolden };

// How the sequence parser reads the line (a command is what is left before `#` that is not
// `@config`), plus the golden lines it skips as comments.
LineKind KindOf(std::string_view line) {
  const std::string_view t = Trim(line);
  if (t.substr(0, kGoldenPrefix.size()) == kGoldenPrefix) return LineKind::kGolden;
  const std::string_view code = Trim(t.substr(0, t.find('#')));
  if (code.empty() || code.front() == '@') return LineKind::kOther;
  return LineKind::kCommand;
}

// Calls `f(line)` for each line of `text`, without its '\n'.
template <typename F>
void ForEachLine(std::string_view text, F f) {
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    f(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

}  // namespace

std::string GoldenText(const model::Expectation& expect) {
  return model::ToString(expect) + (expect.new_instance ? ", new instance" : "");
}

Goldens ReadGoldens(std::string_view text, const std::string& name) {
  Goldens out;
  int line_number = 0;
  ForEachLine(text, [&](std::string_view line) {
    ++line_number;
    switch (KindOf(line)) {
      case LineKind::kCommand:
        out.per_command.emplace_back();
        break;
      case LineKind::kGolden: {
        const std::string where = name + ":" + std::to_string(line_number) + ": ";
        if (out.per_command.empty()) {
          out.errors.push_back(where + "a golden line before the first command");
        } else if (out.per_command.back().has_value()) {
          out.errors.push_back(where + "a second golden line for one command");
        } else {
          out.per_command.back() = std::string(Trim(Trim(line).substr(kGoldenPrefix.size())));
        }
        break;
      }
      case LineKind::kOther:
        break;
    }
  });
  return out;
}

std::vector<model::Expectation> ModelTrace(const model::Sequence& sequence) {
  std::vector<model::Expectation> trace;
  model::RegionState state = model::InitialState();
  for (const model::Command& c : sequence.commands) {
    model::StepResult r = model::Step(state, c, sequence.config);
    state = std::move(r.next);
    trace.push_back(std::move(r.expect));
  }
  return trace;
}

std::vector<std::string> CompareGoldens(const Goldens& goldens, const model::Sequence& sequence,
                                        const std::vector<model::Expectation>& trace) {
  std::vector<std::string> problems = goldens.errors;
  if (goldens.per_command.size() != sequence.commands.size()) {
    problems.push_back(std::to_string(goldens.per_command.size()) + " command lines but " +
                       std::to_string(sequence.commands.size()) + " commands parsed");
    return problems;
  }
  for (size_t i = 0; i < trace.size(); ++i) {
    const std::string step =
        "step " + std::to_string(i + 1) + " " + model::FormatCommand(sequence.commands[i]);
    const std::string now = GoldenText(trace[i]);
    if (!goldens.per_command[i]) {
      problems.push_back(step + ": no golden line (the model says " + now + ")");
    } else if (*goldens.per_command[i] != now) {
      problems.push_back(step + ": the model's expectation changed\n  golden: " +
                         *goldens.per_command[i] + "\n  model:  " + now);
    }
  }
  return problems;
}

std::string WithGoldens(std::string_view text, const std::vector<model::Expectation>& trace) {
  std::string out;
  size_t command = 0;
  ForEachLine(text, [&](std::string_view line) {
    const LineKind kind = KindOf(line);
    if (kind == LineKind::kGolden) return;
    out.append(line).append("\n");
    if (kind == LineKind::kCommand) {
      assert(command < trace.size());
      out.append(kGoldenPrefix).append(" ").append(GoldenText(trace[command++])).append("\n");
    }
  });
  assert(command == trace.size());
  return out;
}

}  // namespace hookcheck::properties
