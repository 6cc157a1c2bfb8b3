// The regression corpus (scenarios/regression/*.seq, docs/sequence-format.md): minimised failures
// replayed on the clean RefEngine. The sequential property also replays it before its first
// random sequence (properties/property_runner.h), so that order does not depend on ctest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "properties/property_corpus.h"

namespace hookcheck::properties {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(RegressionCorpus, EverySequenceReplaysOnTheCleanEngine) {
  const std::vector<CorpusReplay> replays = ReplayCorpus(CorpusDirectory());
  ASSERT_FALSE(replays.empty()) << "no .seq file in " << CorpusDirectory();
  for (const CorpusReplay& r : replays) EXPECT_TRUE(r.ok()) << r.Describe();
}

TEST(RegressionCorpus, MalformedFileIsAnErrorNamingFileAndLine) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "hookcheck_corpus_malformed";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.seq") << "# a typo on line 3\nPut ts=1\nFlsh\n";
  std::ofstream(dir / "binary.seq") << std::string("Put ts=1\n\0\xff", 11);
  std::ofstream(dir / "good.seq") << "# fine\nPut ts=1\nFlush\n";
  std::ofstream(dir / "range.seq") << "Put ts=99\n";
  const std::vector<CorpusEntry> entries = LoadCorpus(dir.string());
  ASSERT_THAT(entries, SizeIs(4));
  EXPECT_THAT(entries[0].error, HasSubstr("bad.seq:3: unknown op 'Flsh'"));
  EXPECT_THAT(entries[1].error, HasSubstr("binary.seq:2:"));
  EXPECT_TRUE(entries[2].sequence) << entries[2].error;
  EXPECT_THAT(entries[3].error, HasSubstr("range.seq:1: Put: ts=99"));
  std::filesystem::remove_all(dir);
}

// A model change that alters a pinned step fails the replay as a diff, and so does a file whose
// goldens were never written; the same file with the model's goldens passes.
TEST(RegressionCorpus, AGoldenTheModelNoLongerAgreesWithFailsAsADiff) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "hookcheck_corpus_golden";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a_good.seq")
      << "# fine\nPut ts=1\n#= Ok: nothing\nFlush\n#= Ok: SFW [1] -> MU v1 [Edit(+1)]\n";
  std::ofstream(dir / "b_changed.seq")
      << "# stale\nPut ts=1\n#= Ok: nothing\nFlush\n#= Ok: MU v1 [Edit(+1)]\n";
  std::ofstream(dir / "c_none.seq") << "# never written\nPut ts=1\nFlush\n";
  const std::vector<CorpusReplay> replays = ReplayCorpus(dir.string());
  ASSERT_THAT(replays, SizeIs(3));
  EXPECT_TRUE(replays[0].ok()) << replays[0].Describe();
  EXPECT_FALSE(replays[1].ok());
  EXPECT_TRUE(replays[1].run &&
              replays[1].run->passed());  // the engine agrees; the golden does not
  EXPECT_THAT(replays[1].Describe(), HasSubstr("goldens differ"));
  EXPECT_THAT(replays[1].Describe(), HasSubstr("golden: Ok: MU v1 [Edit(+1)]"));
  EXPECT_THAT(replays[1].Describe(), HasSubstr("--write-golden"));
  EXPECT_FALSE(replays[2].ok());
  EXPECT_THAT(replays[2].Describe(), HasSubstr("no golden line"));
  std::filesystem::remove_all(dir);
}

TEST(RegressionCorpus, MissingDirectoryIsAnError) {
  const std::vector<CorpusEntry> entries = LoadCorpus("/nonexistent/hookcheck/regression");
  ASSERT_THAT(entries, SizeIs(1));
  EXPECT_THAT(entries[0].error, HasSubstr("/nonexistent/hookcheck/regression"));
}

// The mutants named on a file's "# catches: a b" line.
std::vector<engine::Mutant> MutantsPinnedBy(const std::string& path) {
  std::ifstream in(path);
  std::vector<engine::Mutant> out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# catches:", 0) != 0) continue;
    std::istringstream words(line.substr(10));
    for (std::string name; words >> name;) {
      std::optional<engine::Mutant> m = engine::ParseMutant(name);
      EXPECT_TRUE(m) << path << ": '" << name << "' is not a mutant";
      if (m) out.push_back(*m);
    }
  }
  return out;
}

TEST(RegressionCorpus, EveryFileIsCaughtByTheMutantsItPins) {
  std::set<engine::Mutant> pinned;
  for (const CorpusEntry& entry : LoadCorpus(CorpusDirectory())) {
    ASSERT_TRUE(entry.sequence) << entry.error;
    for (engine::Mutant m : MutantsPinnedBy(entry.path)) {
      auto engine = MakeRefEngine({entry.sequence->config, m});
      EXPECT_FALSE(
          RunSequence(engine.get(), entry.sequence->config, entry.sequence->commands).passed())
          << entry.path << " no longer catches " << engine::Name(m);
      pinned.insert(m);
    }
  }
  // Together the files pin every seeded bug.
  EXPECT_EQ(pinned.size(), engine::AllMutants().size());
}

}  // namespace
}  // namespace hookcheck::properties
