#include "engine/runtime/strategy.h"

#include <charconv>

namespace hookcheck::runtime {
namespace {

constexpr char kForms[] = "random:SEED, pct:SEED:DEPTH, dfs:K or replay:CHOICES";

std::string Quote(std::string_view s) {
  constexpr size_t kMax = 40;
  return "\"" + std::string(s.substr(0, kMax)) + (s.size() > kMax ? "...\"" : "\"");
}

// A decimal number with no sign and nothing after it.
std::optional<uint64_t> ParseNumber(std::string_view s) {
  uint64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

char ChoiceChar(uint8_t c) { return static_cast<char>(c < 10 ? '0' + c : 'a' + (c - 10)); }

std::optional<uint8_t> ChoiceValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'a' && c <= 'z') return static_cast<uint8_t>(c - 'a' + 10);
  return std::nullopt;
}

}  // namespace

std::optional<Strategy> ParseStrategy(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<Strategy> {
    *error = "strategy " + Quote(text) + ": " + why;
    return std::nullopt;
  };
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return fail(std::string("want ") + kForms);
  const std::string_view kind = text.substr(0, colon);
  const std::string_view rest = text.substr(colon + 1);
  if (kind == "random") {
    std::optional<uint64_t> seed = ParseNumber(rest);
    if (!seed) return fail("SEED must be a decimal number (random:SEED)");
    return Strategy::Random(*seed);
  }
  if (kind == "pct") {
    const size_t colon2 = rest.find(':');
    std::optional<uint64_t> seed = ParseNumber(rest.substr(0, colon2));
    if (colon2 == std::string_view::npos || !seed) {
      return fail("want pct:SEED:DEPTH with SEED a decimal number");
    }
    std::optional<uint64_t> depth = ParseNumber(rest.substr(colon2 + 1));
    if (!depth || *depth < 1 || *depth > kMaxPctDepth) {
      return fail("DEPTH must be 1.." + std::to_string(kMaxPctDepth));
    }
    return Strategy::Pct(*seed, static_cast<int>(*depth));
  }
  if (kind == "dfs") {
    std::optional<uint64_t> k = ParseNumber(rest);
    if (!k || *k > kMaxDfsPreemptions) {
      return fail("K (preemptions) must be 0.." + std::to_string(kMaxDfsPreemptions));
    }
    return Strategy::Dfs(static_cast<int>(*k));
  }
  if (kind == "replay") {
    std::vector<uint8_t> choices;
    for (size_t i = 0; i < rest.size(); ++i) {
      std::optional<uint8_t> c = ChoiceValue(rest[i]);
      if (!c) {
        return fail("choice " + std::to_string(i + 1) + " is " + Quote(rest.substr(i, 1)) +
                    " (want 0-9 or a-z)");
      }
      choices.push_back(*c);
    }
    return Strategy::Replay(std::move(choices));
  }
  return fail("unknown kind " + Quote(kind) + " (want " + kForms + ")");
}

std::string FormatReplay(const std::vector<uint8_t>& choices) {
  std::string s = "replay:";
  for (uint8_t c : choices) s += ChoiceChar(c);
  return s;
}

std::string FormatStrategy(const Strategy& s) {
  switch (s.kind) {
    case Strategy::Kind::kRandom:
      return "random:" + std::to_string(s.seed);
    case Strategy::Kind::kPct:
      return "pct:" + std::to_string(s.seed) + ":" + std::to_string(s.depth);
    case Strategy::Kind::kDfs:
      return "dfs:" + std::to_string(s.preemptions);
    case Strategy::Kind::kReplay:
      return FormatReplay(s.choices);
  }
  return "";
}

}  // namespace hookcheck::runtime
