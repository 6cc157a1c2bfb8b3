// File: properties/explorer_conformance.cc
// Implements CheckConformance. A tree edge to a state that is itself expanded is not replayed on
// its own: every sequence through that state has it as a prefix, and the runner checks every
// step, so replaying only the other edges covers all of them with one engine per sequence.
#include "properties/explorer_conformance.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "properties/parallel_for.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {

ConformanceResult CheckConformance(const EngineFactory& factory,
                                   const ConformanceOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ConformanceResult out;
  ExploreOptions eo = options.explore;
  eo.require_all_rows = false;
  eo.invariants.clear();  // the model's own checks are Explore's business, not this replay's
  const ExploreResult explored = Explore(eo);
  out.explored_states = explored.stats.states;

  std::unordered_set<uint64_t> through_child;  // (parent << 8 | command) of expanded children
  for (uint32_t v = 1; v < explored.tree.size(); ++v) {
    if (explored.tree[v].expanded)
      through_child.insert(uint64_t{explored.tree[v].parent} << 8 | explored.tree[v].command);
  }

  // Every sequence to replay, in the order a single engine runs them: by depth of its prefix.
  struct Job {
    int depth;
    Path seq;
  };
  std::vector<Job> jobs;
  bool cut = explored.budget_exhausted;
  for (uint32_t u = 0; u < explored.tree.size() && !cut; ++u) {
    const auto& node = explored.tree[u];
    if (!node.expanded) continue;
    const Path prefix = PathTo(explored, u);
    for (size_t c = 0; c < explored.alphabet.size(); ++c) {
      if (through_child.count(uint64_t{u} << 8 | c)) continue;
      Path seq = prefix;
      seq.push_back(explored.alphabet[c]);
      jobs.push_back({node.depth, std::move(seq)});
    }
  }

  // With jobs > 1 the sequences of one depth run at once, ahead of the scan below; the scan is
  // the same whatever ran ahead, so the verdict, the counts and the counterexample are too.
  std::vector<std::optional<RunResult>> results(jobs.size());
  std::vector<std::string> names(jobs.size());
  out.planned = jobs.size();
  auto stopped = [&] { return options.stop != nullptr && options.stop->Stopped(); };
  // A sequence the stop cut short leaves no result: the scan below then stops there.
  auto run = [&](size_t i) {
    if (stopped()) return;
    try {
      std::unique_ptr<engine::Engine> engine = factory();
      names[i] = engine->Name();
      results[i] = RunSequence(engine.get(), eo.config, jobs[i].seq);
    } catch (const StopRequested&) {
      return;
    }
  };
  auto ensure = [&](size_t i) {
    if (results[i]) return;
    size_t end = i + 1;
    if (options.jobs > 1) {
      while (end < jobs.size() && jobs[end].depth == jobs[i].depth) ++end;
      if (options.max_sequences)
        end = std::min<size_t>(end, i + (options.max_sequences - out.sequences));
    }
    ParallelFor(end - i, options.jobs, [&](size_t k) { run(i + k); });
  };

  size_t best = SIZE_MAX;  // length of the shortest failing prefix so far
  size_t i = 0;
  std::string stop_reason;
  for (uint32_t u = 0; u < explored.tree.size() && !cut; ++u) {
    const auto& node = explored.tree[u];
    if (!node.expanded) continue;
    // A sequence from u is depth+1 long; a shorter failure inside it would be a prefix already run.
    if (static_cast<size_t>(node.depth) + 1 > best) break;
    for (size_t c = 0; c < explored.alphabet.size(); ++c) {
      ++out.edges;
      if (through_child.count(uint64_t{u} << 8 | c)) continue;
      if (options.max_sequences && out.sequences >= options.max_sequences) {
        cut = true;
        break;
      }
      ensure(i);
      if (!results[i]) {
        cut = true;
        stop_reason = options.stop != nullptr ? options.stop->Reason() : "";
        if (stop_reason.empty()) stop_reason = "the engine factory stopped";
        break;
      }
      const RunResult& run_result = *results[i];
      const Path& seq = jobs[i].seq;
      // Here, not where it ran: the sequences a job ran ahead and the scan did not count are not
      // reported, so what is reported does not depend on the jobs.
      if (options.on_sequence) options.on_sequence(run_result);
      if (out.engine.empty()) out.engine = names[i];
      ++i;
      ++out.sequences;
      out.steps += run_result.steps.size();
      if (run_result.passed()) continue;
      const size_t len = *run_result.failed_index + 1;
      if (len < best) {
        best = len;
        out.counterexample = Path(seq.begin(), seq.begin() + static_cast<std::ptrdiff_t>(len));
        out.failure = FormatRun(run_result);
      }
    }
  }

  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (out.counterexample) {
    out.verdict = Verdict::kFail;
    out.reason = "engine " + out.engine + " departs from the model after " +
                 std::to_string(out.counterexample->size()) + " command(s)";
  } else if (cut) {
    out.verdict = Verdict::kUnknown;
    out.reason = explored.budget_exhausted ? "the exploration's state budget was exhausted"
                 : !stop_reason.empty()
                     ? "stopped (" + stop_reason + ") after " + std::to_string(out.sequences) +
                           " of " + std::to_string(out.planned) + " sequences"
                     : "stopped at " + std::to_string(options.max_sequences) + " sequences";
  } else {
    out.verdict = Verdict::kPass;
    out.reason =
        "every edge from every state at depth < " + std::to_string(eo.max_depth) + " conforms";
  }
  return out;
}

std::string FormatConformance(const ConformanceResult& r) {
  std::ostringstream o;
  o << "conformance: " << Name(r.verdict) << " (" << r.reason << ")\n";
  o << "  engine " << r.engine << "; " << r.explored_states << " model states, " << r.edges
    << " edges, " << r.sequences << " sequences, " << r.steps << " steps, " << r.seconds << " s\n";
  if (r.counterexample) {
    o << "  shortest counterexample (" << r.counterexample->size()
      << " commands): " << FormatPath(*r.counterexample) << "\n"
      << r.failure;
  }
  return o.str();
}

nlohmann::json ToJson(const ConformanceResult& r) {
  nlohmann::json j = {{"verdict", Name(r.verdict)},
                      {"reason", r.reason},
                      {"engine", r.engine},
                      {"sequences", r.sequences},
                      {"steps", r.steps},
                      {"edges", r.edges},
                      {"explored_states", r.explored_states},
                      {"seconds", r.seconds}};
  if (r.counterexample) {
    j["counterexample"] = FormatPath(*r.counterexample);
    j["failure"] = r.failure;
  }
  return j;
}

}  // namespace hookcheck::properties
