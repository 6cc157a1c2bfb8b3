// File: properties/explorer_report.cc
// Implements the text and JSON forms of an ExploreResult. The JSON is also what shards write and
// MergeExploreReports (explorer_merge.h) reads, so its field names are stable.
#include <cstdio>
#include <sstream>

#include "model/op_text.h"
#include "properties/explorer.h"

namespace hookcheck::properties {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

nlohmann::json PathJson(const Path& p) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& c : p) j.push_back(model::FormatCommand(c));
  return j;
}

}  // namespace

std::string FormatPath(const Path& path) {
  if (path.empty()) return "(empty)";
  return model::FormatInline(path);
}

std::string FormatReport(const ExploreResult& r) {
  std::ostringstream o;
  const ExploreStats& s = r.stats;
  o << "explore: " << Name(r.verdict) << " (" << r.reason << ")\n";
  o << "  contract " << model::Name(r.config.contract) << ", auto_compact_threshold "
    << int{r.config.auto_compact_threshold} << ", index_mode " << model::Name(r.config.index_mode)
    << ", skip_wal " << r.config.skip_wal << ", index_build_slots "
    << int{r.config.index_build_slots} << ", remote_counter "
    << model::Name(r.config.remote_counter) << "; alphabet " << r.alphabet.size()
    << " commands; depth bound " << r.max_depth << "; state budget " << r.max_states;
  if (r.shard.count > 1)
    o << "; shard " << r.shard.index << "/" << r.shard.count << " split at depth "
      << r.shard.split_depth;
  o << "\n";
  o << "  states " << s.states << ", edges " << s.edges << " (" << s.tree_edges << " tree, "
    << s.self_loops << " self-loops, " << s.unstored << " to unstored states), expanded "
    << s.expanded << ", depth reached " << s.depth_reached << "\n";
  o << "  states per depth:";
  for (size_t d = 0; d < s.states_per_depth.size(); ++d)
    o << " " << d << ":" << s.states_per_depth[d];
  o << "\n";
  o << "  " << Fixed(s.seconds, 3) << " s, " << Fixed(s.states_per_second, 0) << " states/s, "
    << Fixed(s.edges_per_second, 0) << " edges/s, " << Fixed(s.bytes_per_state, 1)
    << " bytes per stored state; peak frontier " << s.peak_frontier << " states (~"
    << s.peak_frontier_bytes / 1024 << " KiB)\n";
  o << "  fingerprints are 64-bit: a collision (p ~ states^2 / 2^65) would hide a state\n";

  o << "invariants: " << r.invariants_checked.size() << " checked, " << r.violations.size()
    << " broken\n";
  for (const auto& v : r.violations) {
    o << "  BROKEN " << v.invariant << ": " << v.message << "\n    rule: " << v.rule
      << "\n    shortest path (" << v.path.size() << " commands): " << FormatPath(v.path) << "\n";
  }

  size_t reached = 0;
  for (const auto& row : r.rows) reached += row.status == RowStatus::kReached;
  o << "coverage rows: " << reached << "/" << r.rows.size() << " reached\n";
  for (const auto& row : r.rows) {
    o << "  [" << Name(row.status) << "] " << row.group << ": " << row.name;
    if (row.status == RowStatus::kReached) o << "  <- " << FormatPath(row.witness);
    if (!row.required) o << "  (optional: " << row.note << ")";
    o << "\n";
  }

  o << "(situation, op kind) pairs reached, shortest length (. = not within depth, ? = unknown):\n "
       " "
    << std::string(18, ' ');
  for (int sit = 0; sit < kSituationCount; ++sit) {
    if (!SequentiallyReachable(sit)) continue;
    std::string h(SituationName(sit));
    o << std::string(h.size() < 8 ? 8 - h.size() : 1, ' ') << h;
  }
  o << "\n";
  for (int kind = 0; kind < model::kOpKindCount; ++kind) {
    std::string name(model::OpName(kind));
    name.resize(18, ' ');
    o << "  " << name;
    for (int sit = 0; sit < kSituationCount; ++sit) {
      if (!SequentiallyReachable(sit)) continue;
      const auto& p = r.pairs[static_cast<size_t>(sit) * model::kOpKindCount + kind];
      std::string cell = p.status == RowStatus::kReached   ? std::to_string(p.witness.size())
                         : p.status == RowStatus::kUnknown ? "?"
                                                           : ".";
      o << std::string(8 - cell.size(), ' ') << cell;
    }
    o << "\n";
  }
  return o.str();
}

nlohmann::json ToJson(const ExploreResult& r) {
  const ExploreStats& s = r.stats;
  nlohmann::json j;
  j["verdict"] = Name(r.verdict);
  j["reason"] = r.reason;
  j["config"] = {{"contract", model::Name(r.config.contract)},
                 {"auto_compact_threshold", r.config.auto_compact_threshold},
                 {"index_mode", model::Name(r.config.index_mode)},
                 {"skip_wal", r.config.skip_wal},
                 {"index_build_slots", r.config.index_build_slots},
                 {"remote_counter", model::Name(r.config.remote_counter)}};
  j["max_depth"] = r.max_depth;
  j["max_states"] = r.max_states;
  j["shard"] = {
      {"index", r.shard.index}, {"count", r.shard.count}, {"split_depth", r.shard.split_depth}};
  j["budget_exhausted"] = r.budget_exhausted;
  j["alphabet_size"] = r.alphabet.size();
  j["stats"] = {{"states", s.states},
                {"edges", s.edges},
                {"tree_edges", s.tree_edges},
                {"self_loops", s.self_loops},
                {"unstored", s.unstored},
                {"expanded", s.expanded},
                {"depth_reached", s.depth_reached},
                {"states_per_depth", s.states_per_depth},
                {"seconds", s.seconds},
                {"states_per_second", s.states_per_second},
                {"edges_per_second", s.edges_per_second},
                {"bytes_per_state", s.bytes_per_state},
                {"peak_frontier", s.peak_frontier},
                {"peak_frontier_bytes", s.peak_frontier_bytes}};
  j["invariants_checked"] = r.invariants_checked;
  j["violations"] = nlohmann::json::array();
  for (const auto& v : r.violations) {
    j["violations"].push_back({{"invariant", v.invariant},
                               {"rule", v.rule},
                               {"message", v.message},
                               {"path", PathJson(v.path)},
                               {"state", v.state}});
  }
  j["rows"] = nlohmann::json::array();
  for (const auto& row : r.rows) {
    nlohmann::json x = {{"name", row.name},
                        {"group", row.group},
                        {"status", Name(row.status)},
                        {"required", row.required}};
    if (!row.note.empty()) x["note"] = row.note;
    if (row.status == RowStatus::kReached) x["witness"] = PathJson(row.witness);
    j["rows"].push_back(std::move(x));
  }
  j["pairs"] = nlohmann::json::array();
  for (const auto& p : r.pairs) {
    if (!SequentiallyReachable(p.situation)) continue;
    nlohmann::json x = {{"situation", SituationName(p.situation)},
                        {"op", model::OpName(p.op_kind)},
                        {"status", Name(p.status)}};
    if (p.status == RowStatus::kReached) x["witness"] = PathJson(p.witness);
    j["pairs"].push_back(std::move(x));
  }
  return j;
}

}  // namespace hookcheck::properties
