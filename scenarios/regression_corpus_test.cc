// The regression corpus (scenarios/regression/*.seq, docs/sequence-format.md): minimised failures
// replayed on the clean RefEngine. The sequential property also replays it before its first
// random sequence (properties/property_runner.h), so that order does not depend on ctest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "properties/sequential_runner.h"
#include "scenarios/regression_corpus.h"

namespace hookcheck::scenarios {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(RegressionCorpus, EverySequenceReplaysOnTheCleanEngine) {
  const std::string dir = DefaultCorpusDir();
  const Corpus corpus = LoadCorpus(dir);
  EXPECT_THAT(corpus.errors, IsEmpty());
  ASSERT_FALSE(corpus.entries.empty()) << "no .seq file in " << dir;
  for (const CorpusEntry& entry : corpus.entries) {
    const properties::RunResult run = ReplayEntry(entry, engine::Mutant::kNone);
    EXPECT_TRUE(run.passed()) << entry.path << ":\n" << properties::FormatRun(run);
  }
}

TEST(RegressionCorpus, MalformedFileIsAnErrorNamingFileAndLine) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "hookcheck_corpus_malformed";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.seq") << "# a typo on line 3\nPut ts=1\nFlsh\n";
  std::ofstream(dir / "good.seq") << "# fine\nPut ts=1\nFlush\n";
  std::ofstream(dir / "range.seq") << "Put ts=99\n";
  std::ofstream(dir / "binary.seq") << std::string("Put ts=1\n\0\xff", 11);
  const Corpus corpus = LoadCorpus(dir.string());
  ASSERT_THAT(corpus.entries, SizeIs(1));
  EXPECT_THAT(corpus.entries[0].path, HasSubstr("good.seq"));
  ASSERT_THAT(corpus.errors, SizeIs(3));
  EXPECT_THAT(corpus.errors[0], HasSubstr("bad.seq:3: unknown op 'Flsh'"));
  EXPECT_THAT(corpus.errors[1], HasSubstr("binary.seq:2:"));
  EXPECT_THAT(corpus.errors[2], HasSubstr("range.seq:1: Put: ts=99"));
  std::filesystem::remove_all(dir);
}

TEST(RegressionCorpus, MissingDirectoryIsAnError) {
  const Corpus corpus = LoadCorpus("/nonexistent/hookcheck/regression");
  EXPECT_THAT(corpus.entries, IsEmpty());
  ASSERT_THAT(corpus.errors, SizeIs(1));
  EXPECT_THAT(corpus.errors[0], HasSubstr("/nonexistent/hookcheck/regression"));
}

}  // namespace
}  // namespace hookcheck::scenarios
