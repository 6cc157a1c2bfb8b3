#include "properties/property_corpus.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hookcheck::properties {

std::string CorpusDirectory() {
  if (const char* root = std::getenv("HOOKCHECK_SOURCE_DIR"); root != nullptr && *root != '\0') {
    return (std::filesystem::path(root) / "scenarios" / "regression").string();
  }
  // Fallback when run outside ctest: CMake compiles this file by absolute path, so the source
  // root is two levels up from it.
  return (std::filesystem::path(__FILE__).parent_path().parent_path() / "scenarios" / "regression")
      .string();
}

std::optional<std::string> ReadTextFile(const std::string& path, std::string* error) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    *error = path + ": not a readable file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

model::ParsedSequence ReadSequenceFile(const std::string& path) {
  std::string error;
  const std::optional<std::string> text = ReadTextFile(path, &error);
  if (!text) return {std::nullopt, error};
  return model::ParseSequence(*text, path);
}

std::vector<CorpusEntry> LoadCorpus(const std::string& dir) {
  std::vector<CorpusEntry> entries;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    entries.push_back({dir, std::nullopt, dir + ": not a directory (the regression corpus)", {}});
    return entries;
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& item : std::filesystem::directory_iterator(dir, ec)) {
    if (item.path().extension() == ".seq") paths.push_back(item.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    CorpusEntry entry;
    entry.path = path.string();
    const std::optional<std::string> text = ReadTextFile(entry.path, &entry.error);
    if (!text) {
      entries.push_back(std::move(entry));
      continue;
    }
    model::ParsedSequence parsed = model::ParseSequence(*text, entry.path);
    if (parsed.sequence) {
      entry.sequence = std::move(parsed.sequence);
      entry.golden_problems = CompareGoldens(ReadGoldens(*text, entry.path), *entry.sequence,
                                             ModelTrace(*entry.sequence));
    } else {
      entry.error = parsed.error;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string CorpusReplay::Describe() const {
  if (!error.empty()) return error;
  if (!run) return path + ": not run";
  std::string out;
  if (!golden_problems.empty()) {
    out = path + ": goldens differ (review, then refresh with: hookcheck replay --write-golden " +
          path + ")\n";
    for (const std::string& p : golden_problems) out += "  " + p + "\n";
  }
  if (!run->passed()) out += path + ":\n" + FormatRun(*run);
  return out.empty() ? path + ": passed" : out;
}

std::vector<CorpusReplay> ReplayCorpus(const std::string& dir, const CheckConfig& engine_choice) {
  std::vector<CorpusReplay> out;
  for (const CorpusEntry& entry : LoadCorpus(dir)) {
    CorpusReplay replay;
    replay.path = entry.path;
    replay.golden_problems = entry.golden_problems;
    if (!entry.sequence) {
      replay.error = entry.error;
      out.push_back(std::move(replay));
      continue;
    }
    CheckConfig check = engine_choice;
    check.model = entry.sequence->config;
    auto engine = MakeRefEngine(check);
    replay.run = RunSequence(engine.get(), check.model, entry.sequence->commands);
    out.push_back(std::move(replay));
  }
  return out;
}

}  // namespace hookcheck::properties
