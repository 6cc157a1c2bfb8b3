// File: properties/explorer_merge.cc
// Implements MergeExploreReports on the JSON form, so shards run on different CI runners only
// need to upload their `hookcheck explore --json` output.
#include "properties/explorer_merge.h"

#include <map>
#include <set>

namespace hookcheck::properties {
namespace {

using nlohmann::json;

// Merges one coverage entry (row or pair) into `into`, keyed by the caller.
void MergeEntry(json& into, const json& from) {
  const std::string a = into.value("status", "unknown"), b = from.value("status", "unknown");
  if (b == "reached") {
    if (a != "reached" || from["witness"].size() < into["witness"].size()) into = from;
  } else if (a != "reached" && b == "unknown") {
    into["status"] = "unknown";
  }
}

}  // namespace

json MergeExploreReports(const std::vector<json>& shards) {
  json out;
  auto fail = [&out](const std::string& why) {
    out["verdict"] = "fail";
    out["error"] = why;
    out["reason"] = why;
    return out;
  };
  if (shards.empty()) return fail("no shard reports");
  const json& first = shards.front();
  const uint32_t count = first["shard"]["count"].get<uint32_t>();
  std::set<uint32_t> seen;
  for (const json& s : shards) {
    if (s["config"] != first["config"] || s["max_depth"] != first["max_depth"] || s["shard"]["count"] != count ||
        s["shard"]["split_depth"] != first["shard"]["split_depth"] || s["alphabet_size"] != first["alphabet_size"]) {
      return fail("shard reports of different explorations (config, depth, alphabet or shard count differ)");
    }
    if (!seen.insert(s["shard"]["index"].get<uint32_t>()).second) return fail("a shard index appears twice");
  }
  const bool all_shards = seen.size() == count;

  out["config"] = first["config"];
  out["max_depth"] = first["max_depth"];
  out["shard"] = {{"index", 0}, {"count", count}, {"split_depth", first["shard"]["split_depth"]}, {"merged", seen.size()}};
  out["alphabet_size"] = first["alphabet_size"];
  out["invariants_checked"] = first["invariants_checked"];

  bool cut = !all_shards;
  uint64_t states_sum = 0, states_max = 0, edges_sum = 0;
  double seconds_max = 0;
  int depth = 0;
  std::map<std::string, json> violations;  // by invariant
  std::vector<json> rows = first["rows"].get<std::vector<json>>();
  std::vector<json> pairs = first["pairs"].get<std::vector<json>>();
  for (size_t k = 0; k < shards.size(); ++k) {
    const json& s = shards[k];
    cut = cut || s["budget_exhausted"].get<bool>();
    const json& st = s["stats"];
    states_sum += st["states"].get<uint64_t>();
    states_max = std::max(states_max, st["states"].get<uint64_t>());
    edges_sum += st["edges"].get<uint64_t>();
    seconds_max = std::max(seconds_max, st["seconds"].get<double>());
    depth = std::max(depth, st["depth_reached"].get<int>());
    for (const json& v : s["violations"]) {
      auto it = violations.find(v["invariant"]);
      if (it == violations.end() || v["path"].size() < it->second["path"].size()) violations[v["invariant"]] = v;
    }
    if (k == 0) continue;
    if (s["rows"].size() != rows.size() || s["pairs"].size() != pairs.size()) return fail("shards report different coverage tables");
    for (size_t i = 0; i < rows.size(); ++i) MergeEntry(rows[i], s["rows"][i]);
    for (size_t i = 0; i < pairs.size(); ++i) MergeEntry(pairs[i], s["pairs"][i]);
  }
  // A shard alone marks what it missed "unknown"; merged and complete, missing means not within depth.
  for (auto* table : {&rows, &pairs}) {
    for (json& e : *table) {
      if (e["status"] != "reached") e["status"] = cut ? "unknown" : "not within depth";
    }
  }
  out["budget_exhausted"] = cut;
  out["stats"] = {{"states_sum", states_sum}, {"states_max", states_max}, {"edges_sum", edges_sum},
                  {"seconds_max", seconds_max}, {"depth_reached", depth}};
  out["violations"] = json::array();
  for (const json& inv : first["invariants_checked"]) {
    auto it = violations.find(inv.get<std::string>());
    if (it != violations.end()) out["violations"].push_back(it->second);
  }
  out["rows"] = rows;
  out["pairs"] = pairs;

  size_t unknown = 0, missing = 0;
  for (const json& r : rows) {
    if (!r.value("required", true)) continue;
    unknown += r["status"] == "unknown";
    missing += r["status"] == "not within depth";
  }
  if (!out["violations"].empty()) {
    out["verdict"] = "fail";
    out["reason"] = std::to_string(out["violations"].size()) + " invariant(s) broken";
  } else if (cut) {
    out["verdict"] = "unknown";
    out["reason"] = all_shards ? "a shard exhausted its state budget"
                               : std::to_string(count - seen.size()) + " shard(s) missing";
  } else if (missing > 0) {
    out["verdict"] = "fail";
    out["reason"] = std::to_string(missing) + " required row(s) not reached within depth";
  } else if (unknown > 0) {
    out["verdict"] = "unknown";
    out["reason"] = std::to_string(unknown) + " required row(s) unknown";
  } else {
    out["verdict"] = "pass";
    out["reason"] = "all " + std::to_string(count) + " shards complete, every invariant holds, every row reached";
  }
  return out;
}

}  // namespace hookcheck::properties
