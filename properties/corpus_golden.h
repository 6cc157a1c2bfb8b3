// File: properties/corpus_golden.h
// Defines the goldens of a sequence file (docs/sequence-format.md, "Goldens"): under each command
// a line `#= <expectation>` pins what the model expects of that step (reply and calls, as
// model::ToString(Expectation) writes them). A corpus replay compares them with the model's
// expectation now, so a model change that alters a pinned step fails as a diff; `hookcheck replay
// --write-golden FILE` writes them. Golden lines are comments to the sequence parser.
// Thread-safety: pure functions.
#ifndef HOOKCHECK_PROPERTIES_CORPUS_GOLDEN_H_
#define HOOKCHECK_PROPERTIES_CORPUS_GOLDEN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/expectation.h"
#include "model/op_text.h"

namespace hookcheck::properties {

// The text after "#= " for one step: "Ok: SFW [1] -> MU v1 [Edit(+1)]", with ", new instance"
// when the step starts a new region instance.
std::string GoldenText(const model::Expectation& expect);

struct Goldens {
  std::vector<std::optional<std::string>> per_command;  // one per command line, in order
  std::vector<std::string> errors;                      // "<name>:<line>: ..." for misplaced lines
};

// The goldens of a sequence file's `text`; `name` prefixes the errors. A golden line before the
// first command, or a second one under a command, is an error.
Goldens ReadGoldens(std::string_view text, const std::string& name);

// What the model expects of each command of `sequence`, from its initial state.
std::vector<model::Expectation> ModelTrace(const model::Sequence& sequence);

// One line per step whose golden is missing or differs from `trace`:
// "step 2 Flush: golden  Ok: nothing\n        model  Ok: SFW [1] -> ...". Empty iff they agree.
std::vector<std::string> CompareGoldens(const Goldens& goldens, const model::Sequence& sequence,
                                        const std::vector<model::Expectation>& trace);

// `text` with its golden lines replaced by `trace`'s, one under each command line.
// REQUIRES: `trace` has one expectation per command line of `text`.
std::string WithGoldens(std::string_view text, const std::vector<model::Expectation>& trace);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_CORPUS_GOLDEN_H_
