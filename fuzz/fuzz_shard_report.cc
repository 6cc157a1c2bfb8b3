// Fuzzes `explore --merge` (properties/explorer_merge.h) as RunMerge in cli/explore_command.cc
// calls it: the input is up to 4 shard reports separated by the byte 0x1E (RFC 7464's record
// separator, never valid inside JSON text); each is parsed, validated, and the valid ones merged.
// ValidateShardReport and MergeExploreReports must never throw or abort, and the merge of
// reports that all validated is printed.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "properties/explorer_merge.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<nlohmann::json> shards;
  bool all_valid = true;
  while (shards.size() < 4) {
    const size_t cut = rest.find('\x1e');
    nlohmann::json report =
        nlohmann::json::parse(rest.substr(0, cut), nullptr, /*allow_exceptions=*/false);
    if (report.is_discarded()) return 0;
    if (!hookcheck::properties::ValidateShardReport(report).empty()) all_valid = false;
    shards.push_back(std::move(report));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  if (!all_valid) return 0;
  nlohmann::json merged = hookcheck::properties::MergeExploreReports(shards);
  (void)merged.dump(2);
  return 0;
}
