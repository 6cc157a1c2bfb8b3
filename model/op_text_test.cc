#include "model/op_text.h"

#include <gtest/gtest.h>

namespace hookcheck::model {
namespace {

TEST(OpText, EveryOpKindRoundTripsThroughItsTextForm) {
  for (int i = 0; i < kOpKindCount; ++i) {
    ParsedCommand parsed = ParseCommand(std::string(OpName(i)));
    ASSERT_TRUE(parsed.command) << OpName(i) << ": " << parsed.error;
    EXPECT_EQ(parsed.command->op.index(), static_cast<size_t>(i));
    ParsedCommand again = ParseCommand(FormatCommand(*parsed.command));
    ASSERT_TRUE(again.command) << again.error;
    EXPECT_EQ(*again.command, *parsed.command);
  }
}

TEST(OpText, FieldsAndFaultsAreRead) {
  ParsedCommand parsed =
      ParseCommand("CompactLocal expire_before=3 failed_outputs=5 crash=1 fault=role_change:Dg");
  ASSERT_TRUE(parsed.command) << parsed.error;
  const auto& op = std::get<CompactLocal>(parsed.command->op);
  EXPECT_EQ(op.expire_before, 3);
  EXPECT_EQ(op.failed_outputs, 5);
  EXPECT_TRUE(op.crash);
  EXPECT_FALSE(op.budget_fails);
  EXPECT_EQ(parsed.command->fault,
            (Fault{FaultKind::kRoleChangeBeforeCommit, RoleState::kDowngrading}));
  EXPECT_EQ(
      FormatCommand(*parsed.command),
      "CompactLocal expire_before=3 failed_outputs=5 crash=1 budget_fails=0 fault=role_change:Dg");
}

TEST(OpText, MalformedCommandsAreRefusedWithAReason) {
  EXPECT_EQ(ParseCommand("Flsh").error, "unknown op 'Flsh'");
  EXPECT_EQ(ParseCommand("Put ts=40").error, "Put: ts=40 is out of range 0..15");
  EXPECT_EQ(ParseCommand("Put ts=x").error, "Put: ts=x is not a whole number");
  EXPECT_EQ(ParseCommand("Put size=1").error, "Put: unknown key 'size'");
  EXPECT_EQ(ParseCommand("Put ts").error, "Put: 'ts' is not key=value");
  EXPECT_EQ(
      ParseCommand("Flush fault=role_change").error,
      "Flush: fault=role_change needs a role: role_change:F, role_change:W or role_change:Dg");
  EXPECT_NE(ParseCommand("Alter kind=drop_table").error, "");
  EXPECT_EQ(ParseCommand("").error, "empty command");
}

TEST(OpText, SequenceErrorsNameTheFileAndLine) {
  ParsedSequence parsed =
      ParseSequence("# a comment\nPut ts=1\n\nFlush nonsense\n", "corpus/a.seq");
  EXPECT_FALSE(parsed.sequence);
  EXPECT_EQ(parsed.error, "corpus/a.seq:4: Flush: 'nonsense' is not key=value");
  EXPECT_EQ(ParseSequence("Flush\n@config contract=v3\n", "b.seq").error,
            "b.seq:2: @config must come before the first command");
  EXPECT_EQ(ParseSequence("@config contract=v9\n", "c.seq").error,
            "c.seq:1: @config: contract=v9 is not one of seed (v1), v2, v3, v4, v5");
  EXPECT_EQ(ParseSequence(std::string("Put ts=1\nFl\0sh\n", 16), "d.seq").error,
            "d.seq:2: contains a NUL byte");
}

TEST(OpText, SequenceRoundTripsWithItsConfig) {
  Sequence sequence;
  sequence.config.contract = ContractVersion::kStagingSuppressed;
  sequence.config.auto_compact_threshold = 3;
  sequence.commands = {{Put{4}, {}},
                       {Flush{}, {FaultKind::kSaveFails, RoleState::kFollower}},
                       {ApplyStaging{2}, {}}};
  ParsedSequence parsed = ParseSequence(FormatSequence(sequence), "x");
  ASSERT_TRUE(parsed.sequence) << parsed.error;
  EXPECT_EQ(parsed.sequence->config, sequence.config);
  EXPECT_EQ(parsed.sequence->commands, sequence.commands);
}

TEST(OpText, InlineFormSplitsOnSemicolons) {
  ParsedSequence parsed = ParseInline("Put ts=1; Flush ;Close", ModelConfig{});
  ASSERT_TRUE(parsed.sequence) << parsed.error;
  ASSERT_EQ(parsed.sequence->commands.size(), 3u);
  EXPECT_EQ(FormatInline(parsed.sequence->commands), "Put ts=1; Flush; Close");
}

// Issue 12 item 3: a sequence that checks nothing is an error, not a pass of 0 steps.
TEST(OpText, ASequenceWithoutCommandsIsRefused) {
  EXPECT_EQ(ParseSequence("", "e.seq").error,
            "e.seq: no commands: an empty sequence checks nothing");
  EXPECT_EQ(ParseSequence("# only a comment\n\n", "c.seq").error,
            "c.seq: no commands: an empty sequence checks nothing");
  EXPECT_EQ(ParseSequence("@config contract=v3\n", "k.seq").error,
            "k.seq: no commands: an empty sequence checks nothing");
  EXPECT_EQ(ParseInline(";", ModelConfig{}).error,
            "<inline>: no commands: an empty sequence checks nothing");
  EXPECT_EQ(ParseInline("", ModelConfig{}).error,
            "<inline>: no commands: an empty sequence checks nothing");
}

// Issue 12 item 5: nothing the user wrote is dropped silently.
TEST(OpText, InlineConfigIsHonouredOverTheFlags) {
  ModelConfig flags;
  flags.auto_compact_threshold = 3;
  ParsedSequence parsed = ParseInline("@config contract=v3; Put ts=1; Flush", flags);
  ASSERT_TRUE(parsed.sequence) << parsed.error;
  EXPECT_EQ(parsed.sequence->config.contract, ContractVersion::kStagingSuppressed);
  EXPECT_EQ(parsed.sequence->config.auto_compact_threshold,
            3);  // keys left out keep the flags' values
  EXPECT_EQ(parsed.sequence->commands.size(), 2u);
  ParsedSequence plain = ParseInline("Put ts=1", flags);
  ASSERT_TRUE(plain.sequence) << plain.error;
  EXPECT_EQ(plain.sequence->config, flags);
}

TEST(OpText, ASecondConfigLineIsRefused) {
  EXPECT_EQ(ParseSequence("@config contract=v3\n# x\n@config skip_wal=1\nFlush\n", "s.seq").error,
            "s.seq:3: a second @config (the first is on line 1)");
}

TEST(OpText, DuplicateKeysAreRefused) {
  EXPECT_EQ(ParseCommand("Put ts=1 ts=2").error, "Put: ts given twice");
  EXPECT_EQ(ParseCommand("Flush fault=save_fails fault=none").error, "Flush: fault given twice");
  EXPECT_EQ(ParseSequence("@config contract=v3 contract=seed\nFlush\n", "d.seq").error,
            "d.seq:1: @config: contract given twice");
}

TEST(OpText, AByteOrderMarkAtTheStartIsSkipped) {
  ParsedSequence parsed = ParseSequence("\xEF\xBB\xBFPut ts=1\nFlush\n", "bom.seq");
  ASSERT_TRUE(parsed.sequence) << parsed.error;
  EXPECT_EQ(parsed.sequence->commands.size(), 2u);
  // Only at the start: elsewhere it is an unknown op, and the message shows the bytes.
  EXPECT_EQ(ParseSequence("Flush\n\xEF\xBB\xBFPut ts=1\n", "mid.seq").error,
            "mid.seq:2: unknown op '\\xEF\\xBB\\xBFPut'");
}

TEST(OpText, RolesAreOnlyThoseTheFormatAllows) {
  EXPECT_EQ(
      ParseCommand("Flush fault=role_change:S").error,
      "Flush: fault=role_change:S needs a role: role_change:F, role_change:W or role_change:Dg");
  EXPECT_EQ(ParseCommand("SetRole role=E").error, "SetRole: role=E is not one of F, W, Dg");
  EXPECT_EQ(ParseCommand("SetRole role=S").error, "SetRole: role=S is not one of F, W, Dg");
  for (const char* ok :
       {"SetRole role=F", "SetRole role=W", "SetRole role=Dg", "Flush fault=role_change:W"}) {
    EXPECT_TRUE(ParseCommand(ok).command) << ok << ": " << ParseCommand(ok).error;
  }
}

// A peer's or a user's huge value is quoted as a bounded prefix, never whole (issue 12, item 7).
TEST(OpText, HugeValuesAreQuotedAsABoundedPrefix) {
  const std::string huge(1 << 20, 'x');
  for (const std::string& line :
       {"Put ts=" + huge, huge, "Put " + huge, "Put fault=" + huge, "Put " + huge + "=1",
        "Put fault=role_change" + huge, "SetRole role=" + huge}) {
    ParsedCommand parsed = ParseCommand(line);
    ASSERT_FALSE(parsed.command.has_value());
    EXPECT_LT(parsed.error.size(), 300u) << parsed.error.substr(0, 300);
    EXPECT_NE(parsed.error.find("xxx..."), std::string::npos) << parsed.error.substr(0, 300);
  }
  for (const std::string& text :
       {"@config " + huge + "\nPut ts=1\n", "@config " + huge + "=1\nPut ts=1\n",
        "@config contract=" + huge + "\nPut ts=1\n"}) {
    auto parsed = ParseSequence(text, "f.seq");
    ASSERT_FALSE(parsed.sequence.has_value());
    EXPECT_LT(parsed.error.size(), 300u) << parsed.error.substr(0, 300);
  }
}

TEST(OpText, ConfigWordsRoundTripAndRefuseBadKeys) {
  ModelConfig config;
  config.contract = ContractVersion::kStagingSuppressed;
  config.skip_wal = true;
  config.index_mode = IndexMode::kAsync;
  config.auto_compact_threshold = 4;
  ModelConfig parsed;
  EXPECT_EQ(ParseConfig(FormatConfigWords(config), &parsed), "");
  EXPECT_EQ(parsed, config);
  ModelConfig partial;
  EXPECT_EQ(ParseConfig("contract=v3 skip_wal=1", &partial), "");
  EXPECT_EQ(partial.contract, ContractVersion::kStagingSuppressed);
  EXPECT_TRUE(partial.skip_wal);
  EXPECT_EQ(partial.index_mode, IndexMode::kSync);
  ModelConfig untouched;
  EXPECT_NE(ParseConfig("contract=v3 colour=red", &untouched), "");
  EXPECT_EQ(untouched, ModelConfig{});  // a bad word changes nothing, even after good ones
  EXPECT_NE(ParseConfig("auto_compact_threshold=1", &untouched), "");
}

}  // namespace
}  // namespace hookcheck::model
