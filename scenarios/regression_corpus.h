// File: scenarios/regression_corpus.h
// Defines the regression corpus: minimised failing sequences saved as text files
// (docs/sequence-format.md) under scenarios/regression/, loaded and replayed before any new
// random case. A malformed file is reported with its name and line, never a crash.
// Thread-safety: pure functions (LoadCorpus reads files).
#ifndef HOOKCHECK_SCENARIOS_REGRESSION_CORPUS_H_
#define HOOKCHECK_SCENARIOS_REGRESSION_CORPUS_H_

#include <string>
#include <vector>

#include "model/op_text.h"
#include "properties/engine_factory.h"
#include "properties/sequential_runner.h"

namespace hookcheck::scenarios {

struct CorpusEntry {
  std::string path;
  model::Sequence sequence;
};

struct Corpus {
  std::vector<CorpusEntry> entries;  // sorted by path
  std::vector<std::string> errors;   // "<path>:<line>: <message>", or an unreadable directory
};

// Every *.seq file directly under `dir`.
Corpus LoadCorpus(const std::string& dir);

// The corpus shipped with the sources: $HOOKCHECK_SOURCE_DIR/scenarios/regression when set,
// else the source tree this binary was built from.
std::string DefaultCorpusDir();

// Reads one sequence file; `error` is set (file and line named) when it cannot be used.
model::ParsedSequence ReadSequenceFile(const std::string& path);

// Replays one entry on a fresh RefEngine with `mutant` switched on.
properties::RunResult ReplayEntry(const CorpusEntry& entry, engine::Mutant mutant);

}  // namespace hookcheck::scenarios

#endif  // HOOKCHECK_SCENARIOS_REGRESSION_CORPUS_H_
