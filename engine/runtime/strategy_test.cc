#include "engine/runtime/strategy.h"

#include <gtest/gtest.h>

namespace hookcheck::runtime {
namespace {

Strategy Parse(std::string_view text) {
  std::string error;
  std::optional<Strategy> s = ParseStrategy(text, &error);
  EXPECT_TRUE(s.has_value()) << text << ": " << error;
  return s.value_or(Strategy{});
}

std::string ErrorOf(std::string_view text) {
  std::string error;
  EXPECT_FALSE(ParseStrategy(text, &error).has_value()) << text;
  return error;
}

TEST(Strategy, ParsesEveryForm) {
  EXPECT_EQ(Parse("random:42"), Strategy::Random(42));
  EXPECT_EQ(Parse("pct:7:3"), Strategy::Pct(7, 3));
  EXPECT_EQ(Parse("dfs:2"), Strategy::Dfs(2));
  EXPECT_EQ(Parse("replay:01a"), Strategy::Replay({0, 1, 10}));
  EXPECT_EQ(Parse("replay:"), Strategy::Replay({}));
}

TEST(Strategy, FormatRoundTrips) {
  for (const Strategy& s : {Strategy::Random(18446744073709551615ull), Strategy::Pct(0, 16),
                            Strategy::Dfs(0), Strategy::Replay({0, 35, 9, 10})}) {
    EXPECT_EQ(Parse(FormatStrategy(s)), s) << FormatStrategy(s);
  }
  EXPECT_EQ(FormatStrategy(Strategy::Replay({0, 35, 9, 10})), "replay:0z9a");
}

TEST(Strategy, RejectsBadStringsWithOneLineErrors) {
  EXPECT_EQ(ErrorOf(""),
            "strategy \"\": want random:SEED, pct:SEED:DEPTH, dfs:K or replay:CHOICES");
  EXPECT_EQ(ErrorOf("walk:1"),
            "strategy \"walk:1\": unknown kind \"walk\" (want random:SEED, "
            "pct:SEED:DEPTH, dfs:K or replay:CHOICES)");
  EXPECT_EQ(ErrorOf("random:"),
            "strategy \"random:\": SEED must be a decimal number (random:SEED)");
  EXPECT_EQ(ErrorOf("random:-1"),
            "strategy \"random:-1\": SEED must be a decimal number (random:SEED)");
  EXPECT_EQ(
      ErrorOf("random:99999999999999999999"),
      "strategy \"random:99999999999999999999\": SEED must be a decimal number (random:SEED)");
  EXPECT_EQ(ErrorOf("pct:1"), "strategy \"pct:1\": want pct:SEED:DEPTH with SEED a decimal number");
  EXPECT_EQ(ErrorOf("pct:1:0"), "strategy \"pct:1:0\": DEPTH must be 1..16");
  EXPECT_EQ(ErrorOf("pct:1:17"), "strategy \"pct:1:17\": DEPTH must be 1..16");
  EXPECT_EQ(ErrorOf("dfs:x"), "strategy \"dfs:x\": K (preemptions) must be 0..16");
  EXPECT_EQ(ErrorOf("dfs:17"), "strategy \"dfs:17\": K (preemptions) must be 0..16");
  EXPECT_EQ(ErrorOf("replay:01A"), "strategy \"replay:01A\": choice 3 is \"A\" (want 0-9 or a-z)");
}

TEST(Strategy, ErrorsQuoteABoundedPrefix) {
  const std::string long_text = "replay:" + std::string(100, '0') + "!";
  const std::string error = ErrorOf(long_text);
  EXPECT_EQ(error.find(std::string(41, '0')), std::string::npos) << error;
  EXPECT_NE(error.find("...\""), std::string::npos) << error;
  EXPECT_NE(error.find("choice 101 is \"!\""), std::string::npos) << error;
}

}  // namespace
}  // namespace hookcheck::runtime
