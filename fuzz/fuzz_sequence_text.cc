// Fuzzes the sequence text parser (model/op_text.h): ParseSequence on the input as a file and
// ParseInline on it as a --ops argument must never crash, and a parsed sequence must survive
// Format then Parse unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/op_text.h"

namespace {

void Check(bool ok, const char* what, const std::string& text) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_sequence_text: %s\n--- formatted:\n%s\n", what, text.c_str());
  std::abort();
}

void RoundTrip(const hookcheck::model::Sequence& s) {
  using namespace hookcheck::model;
  const std::string text = FormatSequence(s);
  ParsedSequence again = ParseSequence(text, "<formatted>");
  Check(again.sequence.has_value(),
        ("FormatSequence output does not parse: " + again.error).c_str(), text);
  Check(again.sequence->config == s.config, "config changed in Parse(Format(x))", text);
  Check(again.sequence->commands == s.commands, "commands changed in Parse(Format(x))", text);
  for (const Command& c : s.commands) {
    ParsedCommand one = ParseCommand(FormatCommand(c));
    Check(one.command.has_value() && *one.command == c, "ParseCommand(FormatCommand(c)) != c",
          FormatCommand(c));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hookcheck::model;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  ParsedSequence file = ParseSequence(text, "<fuzz>");
  Check(file.sequence.has_value() == file.error.empty(),
        "ParseSequence: sequence set iff error empty", "");
  if (file.sequence) RoundTrip(*file.sequence);

  ParsedSequence inline_form = ParseInline(text, ModelConfig{});
  Check(inline_form.sequence.has_value() == inline_form.error.empty(),
        "ParseInline: sequence set iff error empty", "");
  if (inline_form.sequence) RoundTrip(*inline_form.sequence);

  const std::string_view first_line = text.substr(0, text.find('\n'));
  ParsedCommand command = ParseCommand(first_line);
  Check(command.command.has_value() == command.error.empty(),
        "ParseCommand: command set iff error empty", "");
  return 0;
}
