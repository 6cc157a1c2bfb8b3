// File: properties/property_runner.h
// Defines `PropertyOptions` and `RunSequentialProperty`, which runs the sequential state-machine
// property (properties/property_commands.h) through RapidCheck and turns its result into
// something a person can act on:
//   1. the regression corpus (scenarios/regression/*.seq) is replayed first, before any random
//      sequence, in the same call, so the order holds whatever runs the tests;
//   2. RapidCheck generates up to `max_success` sequences of up to `max_ops` commands; each step
//      is checked by SequentialChecker (reply, callbacks, lock rule, MU monotonicity, observation);
//   3. the first failing sequence is re-run on a fresh engine before shrinking: if it does not fail
//      again at the same step, the run stops and is reported as nondeterministic with both traces;
//   4. otherwise RapidCheck shrinks it; the last failing run (RapidCheck re-runs the minimal case
//      last) is printed one op per line with the diff at the failing step, next to the
//      RC_PARAMS="reproduce=..." line, and saved as a .seq file and a GoogleTest source
//      (properties/property_counterexample.h).
// Configuration: the defaults below apply unless RC_PARAMS sets the key (max_success, max_size =
// max_ops - 1, seed, noshrink, reproduce); see docs/sequence-format.md "Running the property".
// Thread-safety: one run at a time per process (RapidCheck's configuration is global).
#ifndef HOOKCHECK_PROPERTIES_PROPERTY_RUNNER_H_
#define HOOKCHECK_PROPERTIES_PROPERTY_RUNNER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/op.h"
#include "properties/engine_factory.h"
#include "properties/property_coverage.h"
#include "properties/run_stop.h"
#include "properties/schedule_shrinker.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {

// The CI defaults (issue 4: at least 1,000 sequences of up to 100 ops).
inline constexpr int kDefaultSequences = 1000;
inline constexpr int kDefaultMaxOps = 100;

struct PropertyOptions {
  // The test id RapidCheck keys its reproduce map by, e.g. "SequentialProperty/Conforms".
  std::string id = "SequentialProperty";
  // Model parameters and the engine under check. Default: seed contract, clean RefEngine.
  CheckConfig check;
  // Makes the engine of each sequence. Default (empty): RefEngineFactory(check).
  EngineFactory factory;
  // Sequences to pass before the property passes. Default: kDefaultSequences. RC_PARAMS
  // max_success overrides it.
  int max_success = kDefaultSequences;
  // Longest sequence, in commands. Default: kDefaultMaxOps. RC_PARAMS max_size (= max_ops - 1:
  // RapidCheck draws 1..size+1 commands) overrides it.
  int max_ops = kDefaultMaxOps;
  // Fixed seed. Default: none (RapidCheck's: RC_PARAMS seed, else random). When set, it wins
  // over RC_PARAMS, so a programmatic check is reproducible.
  std::optional<uint64_t> seed;
  // Whether RC_PARAMS may override the counts, the seed (when `seed` is unset), shrinking and
  // reproduce. Default: true.
  bool honor_rc_params = true;
  // Replay scenarios/regression/*.seq before the first random sequence. Default: true.
  bool replay_corpus_first = true;
  // Write the shrunk counterexample under FailureDirectory(). Default: true.
  bool emit_files = true;
  // Print RapidCheck's progress and our report to stderr. Default: true.
  bool verbose = true;
  // When set, checked before each sequence: once stopped, no more sequences run and the verdict
  // is kStopped, unless a failure was found first (it is kept, not minimized further). The
  // factory may throw StopRequested. Default: none.
  const RunStop* stop = nullptr;
  // Called with each searched sequence that passed (shrinking excluded), for a progress line or
  // a report. Default: none.
  std::function<void(const RunResult&)> on_sequence;
};

enum class PropertyVerdict : uint8_t {
  kPassed,
  kFailed,            // a counterexample, shrunk (or a corpus entry that failed)
  kNondeterministic,  // the first failing sequence did not fail again on a fresh engine
  kError,             // RapidCheck gave up or could not run (bad RC_PARAMS, ...)
  kStopped,           // options.stop stopped the search before it was done: unknown
};
std::string_view Name(PropertyVerdict v);

struct PropertyOutcome {
  PropertyVerdict verdict = PropertyVerdict::kPassed;
  // Everything a person needs, as printed: RapidCheck's message, the shrunk run, the file paths,
  // the RC_PARAMS line (or the corpus failures, or both traces of a nondeterministic case).
  std::string report;

  // Search statistics (shrinking excluded).
  int sequences = 0;          // sequences run until the verdict (the failing one included)
  uint64_t ops = 0;           // commands those sequences ran
  double search_seconds = 0;  // time until the first failure, or the whole search
  double total_seconds = 0;   // search + shrinking + reporting
  uint64_t seed = 0;
  int max_success = 0, max_ops = 0;

  PropertyCoverage coverage;  // of the search (shrinking excluded)

  // Set iff kFailed from a random case: the minimal failing sequence and its run.
  std::vector<model::Command> minimal;
  // The length RapidCheck's shrinking reached, when the one-minimal pass then shortened it
  // (properties/sequence_minimizer.h); else 0.
  int rapidcheck_shrunk_ops = 0;
  std::optional<RunResult> minimal_run;
  // Set iff the minimal sequence ran on the deterministic runtime and a failing schedule was
  // found for it (properties/schedule_shrinker.h): the shortest one found.
  std::optional<ShrunkSchedule> schedule;
  std::string reproduce;            // RC_PARAMS="reproduce=..." line, when RapidCheck gave one
  std::string seq_path, test_path;  // written files, when emitted

  // Set iff the corpus replay failed: one message per failing or malformed file.
  std::vector<std::string> corpus_failures;

  bool passed() const { return verdict == PropertyVerdict::kPassed; }
};

PropertyOutcome RunSequentialProperty(const PropertyOptions& options);

// A bare RapidCheck state machine, the baseline of bench/property_bench.cc: one no-op command,
// run the way RunSequentialProperty runs the property (`sequences` sequences of up to `max_ops`
// commands, at `seed`, RC_PARAMS ignored, RapidCheck's output off). Returns the commands it ran.
// REQUIRES: sequences >= 1 (std::invalid_argument otherwise).
uint64_t RunBareStateMachine(int sequences, int max_ops, uint64_t seed);

// RapidCheck's reproduce tokens (RC_PARAMS="reproduce=..."), the only place outside
// property_runner.cc that touches them: a token naming `property_id` with an empty shrink path,
// and the property ids a token names (sorted; empty with `error` set when it is malformed).
std::string ReproduceTokenFor(const std::string& property_id);
std::vector<std::string> PropertiesOfReproduceToken(const std::string& token, std::string* error);

// Where counterexamples are written: $HOOKCHECK_FAILURE_DIR, else "hookcheck-failures" under the
// current directory.
std::string FailureDirectory();

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_PROPERTY_RUNNER_H_
