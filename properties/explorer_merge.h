// File: properties/explorer_merge.h
// Defines `MergeExploreReports`: combines the JSON reports (ToJson) of the shards of one
// exploration into the report of the whole (docs/explorer.md "Sharding").
// Thread-safety: pure function.
#ifndef HOOKCHECK_PROPERTIES_EXPLORER_MERGE_H_
#define HOOKCHECK_PROPERTIES_EXPLORER_MERGE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hookcheck::properties {

// Rules: a row or pair is reached if any shard reached it, with the shortest witness (ties: the
// lowest shard); it is "not within depth" only if every shard explored completely and none
// reached it, else "unknown". The first violation per invariant is the shortest over shards.
// States and edges are summed (`states_sum`, an upper bound: shards overlap below the split
// depth and may meet again deeper) and maxed (`states_max`, a lower bound). The verdict: fail if
// any shard found a violation or the shards disagree on the configuration; unknown if a shard is
// missing, cut by its budget, or a required row is unknown; fail if a required row is not
// within depth; else pass. `error` is set (and the verdict is fail) when the inputs are not the
// shards 0..n-1 of one exploration.
// The inputs are checked first (ValidateShardReport): a bad one gives `error` "shard K: <field>:
// <message>" and never throws or aborts.
nlohmann::json MergeExploreReports(const std::vector<nlohmann::json>& shards);

// Checks every field MergeExploreReports reads, with its type and range: "" if the report is a
// well-formed `hookcheck explore --json` shard report, else "<field>: <message>", the field
// written as a path ("shard.index", "rows[3].status").
std::string ValidateShardReport(const nlohmann::json& report);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_EXPLORER_MERGE_H_
