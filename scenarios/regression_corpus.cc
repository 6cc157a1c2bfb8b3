#include "scenarios/regression_corpus.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hookcheck::scenarios {

namespace fs = std::filesystem;

model::ParsedSequence ReadSequenceFile(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {std::nullopt, path + ": not a readable file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path + ": cannot open"};
  std::ostringstream text;
  text << in.rdbuf();
  return model::ParseSequence(text.str(), path);
}

Corpus LoadCorpus(const std::string& dir) {
  Corpus corpus;
  std::error_code ec;
  std::vector<std::string> paths;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".seq") paths.push_back(it->path().string());
  }
  if (ec) {
    corpus.errors.push_back(dir + ": cannot list the corpus directory: " + ec.message());
    return corpus;
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    model::ParsedSequence parsed = ReadSequenceFile(path);
    if (parsed.sequence) {
      corpus.entries.push_back({path, std::move(*parsed.sequence)});
    } else {
      corpus.errors.push_back(parsed.error);
    }
  }
  return corpus;
}

std::string DefaultCorpusDir() {
  if (const char* root = std::getenv("HOOKCHECK_SOURCE_DIR"); root && *root) {
    return (fs::path(root) / "scenarios" / "regression").string();
  }
  return (fs::path(HOOKCHECK_BUILT_FROM) / "scenarios" / "regression").string();
}

properties::RunResult ReplayEntry(const CorpusEntry& entry, engine::Mutant mutant) {
  auto engine = properties::MakeRefEngine({.model = entry.sequence.config, .mutant = mutant});
  return properties::RunSequence(engine.get(), entry.sequence.config, entry.sequence.commands);
}

}  // namespace hookcheck::scenarios
