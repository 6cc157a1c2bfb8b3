// The goldens of a sequence file (properties/corpus_golden.h): where a golden line belongs, how
// one is written, and that a golden the model no longer agrees with, or a missing one, is a
// problem naming the step and both expectations.
#include "properties/corpus_golden.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hookcheck::properties {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

model::Sequence Parse(const std::string& text) {
  model::ParsedSequence p = model::ParseSequence(text, "t.seq");
  EXPECT_TRUE(p.sequence) << p.error;
  return p.sequence.value_or(model::Sequence{});
}

const std::string kPlain =
    "# Pins: a flush fires SFW then MU.\n"
    "@config contract=seed\n"
    "Put ts=1   # a comment after a command\n"
    "\n"
    "Flush\n";

TEST(CorpusGolden, WrittenGoldensSitUnderTheirCommandsAndAgreeWithTheModel) {
  const model::Sequence s = Parse(kPlain);
  const std::vector<model::Expectation> trace = ModelTrace(s);
  const std::string written = WithGoldens(kPlain, trace);
  EXPECT_EQ(written,
            "# Pins: a flush fires SFW then MU.\n"
            "@config contract=seed\n"
            "Put ts=1   # a comment after a command\n"
            "#= Ok: nothing\n"
            "\n"
            "Flush\n"
            "#= Ok: SFW [1] -> MU v1 [Edit(+1)]\n");
  EXPECT_THAT(CompareGoldens(ReadGoldens(written, "t.seq"), Parse(written), trace), IsEmpty());
  EXPECT_EQ(WithGoldens(written, trace), written);  // rewriting replaces, never duplicates
}

TEST(CorpusGolden, AChangedOrMissingGoldenIsAProblemNamingTheStep) {
  const std::string text =
      "Put ts=1\n"
      "Flush\n"
      "#= Ok: nothing\n";
  const model::Sequence s = Parse(text);
  EXPECT_THAT(CompareGoldens(ReadGoldens(text, "t.seq"), s, ModelTrace(s)),
              ElementsAre(HasSubstr("step 1 Put ts=1: no golden line"),
                          AllOf(HasSubstr("step 2 Flush"), HasSubstr("golden: Ok: nothing"),
                                HasSubstr("model:  Ok: SFW [1] -> MU v1 [Edit(+1)]"))));
}

TEST(CorpusGolden, AMisplacedGoldenLineIsAnErrorNamingTheLine) {
  const Goldens g =
      ReadGoldens("#= Ok: nothing\nPut ts=1\n#= Ok: nothing\n  #= Ok: nothing\n", "t.seq");
  EXPECT_THAT(g.errors, ElementsAre(HasSubstr("t.seq:1: a golden line before the first command"),
                                    HasSubstr("t.seq:4: a second golden line for one command")));
  ASSERT_EQ(g.per_command.size(), 1u);
  EXPECT_EQ(g.per_command[0], "Ok: nothing");
}

TEST(CorpusGolden, ANewInstanceIsPartOfTheGolden) {
  const model::Sequence s = Parse("Close\nOpen\n");
  const std::vector<model::Expectation> trace = ModelTrace(s);
  ASSERT_EQ(trace.size(), 2u);
  EXPECT_EQ(GoldenText(trace[1]), "Ok: nothing, new instance");
}

}  // namespace
}  // namespace hookcheck::properties
