// File: properties/explorer_merge.cc
// Implements MergeExploreReports on the JSON form, so shards run on different CI runners only
// need to upload their `hookcheck explore --json` output.
#include "properties/explorer_merge.h"

#include <map>
#include <set>

namespace hookcheck::properties {
namespace {

using nlohmann::json;

// Thrown by the checks below with "<field>: <message>"; caught in ValidateShardReport only.
struct BadField {
  std::string message;
};

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string Where(const std::string& path) { return path.empty() ? "(top level)" : path; }

// nlohmann's checked accessor: at() throws out_of_range for a missing key.
const json& Field(const json& object, const std::string& path, const std::string& key) {
  try {
    return object.at(key);
  } catch (const json::out_of_range&) {
    throw BadField{Join(path, key) + ": missing"};
  }
}

const json& Object(const json& j, const std::string& path) {
  if (!j.is_object()) throw BadField{Where(path) + ": is not an object"};
  return j;
}

const json& Array(const json& j, const std::string& path) {
  if (!j.is_array()) throw BadField{Where(path) + ": is not an array"};
  return j;
}

// get<> on a number of another kind converts (a float to an integer is undefined behaviour when
// out of range); only a JSON integer, not negative, is read as one.
uint64_t Unsigned(const json& j, const std::string& path, uint64_t lo, uint64_t hi) {
  if (!j.is_number_integer()) {  // a float, a string, ...
    throw BadField{path + ": is not a whole number (" + std::to_string(lo) + ".." +
                   std::to_string(hi) + ")"};
  }
  if (!j.is_number_unsigned() && j.get<int64_t>() < 0) {
    throw BadField{path + ": " + j.dump() + " is out of range " + std::to_string(lo) + ".." +
                   std::to_string(hi)};
  }
  const uint64_t v = j.get<uint64_t>();
  if (v < lo || v > hi) {
    throw BadField{path + ": " + std::to_string(v) + " is out of range " + std::to_string(lo) +
                   ".." + std::to_string(hi)};
  }
  return v;
}

void Seconds(const json& j, const std::string& path) {
  if (!j.is_number()) throw BadField{path + ": is not a number"};
  const double v = j.get<double>();
  if (!(v >= 0 && v <= 1e12))
    throw BadField{path + ": " + j.dump() + " is not a number of seconds (0..1e12)"};
}

void Boolean(const json& j, const std::string& path) {
  if (!j.is_boolean()) throw BadField{path + ": is not a boolean"};
}

void String(const json& j, const std::string& path) {
  if (!j.is_string()) throw BadField{path + ": is not a string"};
}

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// A coverage row or pair: status, witness when reached, `required` when present.
void CheckEntries(const json& report, const std::string& key, bool rows) {
  const json& entries = Array(Field(report, "", key), key);
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string at = Index(key, i);
    const json& e = Object(entries[i], at);
    const json& status = Field(e, at, "status");
    String(status, at + ".status");
    const std::string s = status.get<std::string>();
    if (s != "reached" && s != "unknown" && s != "not within depth") {
      throw BadField{at + ".status: '" + s + "' is not one of reached, unknown, not within depth"};
    }
    if (s == "reached") Array(Field(e, at, "witness"), at + ".witness");
    if (rows && e.contains("required")) Boolean(e["required"], at + ".required");
  }
}

void CheckReport(const json& r) {
  Object(r, "");
  Object(Field(r, "", "config"), "config");
  constexpr uint64_t kMaxDepth = 64, kMaxCount = UINT32_MAX;
  Unsigned(Field(r, "", "max_depth"), "max_depth", 0, kMaxDepth);
  const json& shard = Object(Field(r, "", "shard"), "shard");
  const uint64_t count = Unsigned(Field(shard, "shard", "count"), "shard.count", 1, kMaxCount);
  const uint64_t index = Unsigned(Field(shard, "shard", "index"), "shard.index", 0, kMaxCount);
  if (index >= count) {
    throw BadField{"shard.index: " + std::to_string(index) + " is not below shard.count " +
                   std::to_string(count)};
  }
  Unsigned(Field(shard, "shard", "split_depth"), "shard.split_depth", 1, kMaxDepth);
  Unsigned(Field(r, "", "alphabet_size"), "alphabet_size", 0, UINT64_MAX);
  const json& invariants = Array(Field(r, "", "invariants_checked"), "invariants_checked");
  for (size_t i = 0; i < invariants.size(); ++i)
    String(invariants[i], Index("invariants_checked", i));
  Boolean(Field(r, "", "budget_exhausted"), "budget_exhausted");
  const json& stats = Object(Field(r, "", "stats"), "stats");
  Unsigned(Field(stats, "stats", "states"), "stats.states", 0, UINT64_MAX);
  Unsigned(Field(stats, "stats", "edges"), "stats.edges", 0, UINT64_MAX);
  Seconds(Field(stats, "stats", "seconds"), "stats.seconds");
  Unsigned(Field(stats, "stats", "depth_reached"), "stats.depth_reached", 0, kMaxDepth);
  const json& violations = Array(Field(r, "", "violations"), "violations");
  for (size_t i = 0; i < violations.size(); ++i) {
    const std::string at = Index("violations", i);
    const json& v = Object(violations[i], at);
    String(Field(v, at, "invariant"), at + ".invariant");
    Array(Field(v, at, "path"), at + ".path");
  }
  CheckEntries(r, "rows", /*rows=*/true);
  CheckEntries(r, "pairs", /*rows=*/false);
}

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

std::string ValidateShardReport(const json& report) {
  try {
    CheckReport(report);
  } catch (const BadField& e) {
    return e.message;
  } catch (const json::exception& e) {  // not expected after the checks; never let one escape
    return std::string("(top level): ") + e.what();
  }
  return "";
}

json MergeExploreReports(const std::vector<json>& shards) {
  json out;
  auto fail = [&out](const std::string& why) {
    out["verdict"] = "fail";
    out["error"] = why;
    out["reason"] = why;
    return out;
  };
  if (shards.empty()) return fail("no shard reports");
  for (size_t k = 0; k < shards.size(); ++k) {
    if (std::string error = ValidateShardReport(shards[k]); !error.empty()) {
      return fail("shard report " + std::to_string(k + 1) + ": " + error);
    }
  }
  const json& first = shards.front();
  const uint32_t count = first["shard"]["count"].get<uint32_t>();
  std::set<uint32_t> seen;
  for (const json& s : shards) {
    if (s["config"] != first["config"] || s["max_depth"] != first["max_depth"] ||
        s["shard"]["count"] != count ||
        s["shard"]["split_depth"] != first["shard"]["split_depth"] ||
        s["alphabet_size"] != first["alphabet_size"]) {
      return fail(
          "shard reports of different explorations (config, depth, alphabet or shard count "
          "differ)");
    }
    if (!seen.insert(s["shard"]["index"].get<uint32_t>()).second)
      return fail("a shard index appears twice");
  }
  const bool all_shards = seen.size() == count;

  out["config"] = first["config"];
  out["max_depth"] = first["max_depth"];
  out["shard"] = {{"index", 0},
                  {"count", count},
                  {"split_depth", first["shard"]["split_depth"]},
                  {"merged", seen.size()}};
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
      if (it == violations.end() || v["path"].size() < it->second["path"].size())
        violations[v["invariant"]] = v;
    }
    if (k == 0) continue;
    if (s["rows"].size() != rows.size() || s["pairs"].size() != pairs.size())
      return fail("shards report different coverage tables");
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
  out["stats"] = {{"states_sum", states_sum},
                  {"states_max", states_max},
                  {"edges_sum", edges_sum},
                  {"seconds_max", seconds_max},
                  {"depth_reached", depth}};
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
    out["reason"] = "all " + std::to_string(count) +
                    " shards complete, every invariant holds, every row reached";
  }
  return out;
}

}  // namespace hookcheck::properties
