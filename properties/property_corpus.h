// File: properties/property_corpus.h
// Defines the regression corpus: minimised failures saved as .seq files (docs/sequence-format.md)
// under scenarios/regression/, replayed before any new random case. A malformed file is an error
// naming the file and the line, never a crash.
// Thread-safety: pure functions over the file system.
#ifndef HOOKCHECK_PROPERTIES_PROPERTY_CORPUS_H_
#define HOOKCHECK_PROPERTIES_PROPERTY_CORPUS_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/mutant.h"
#include "model/op_text.h"
#include "properties/corpus_golden.h"
#include "properties/engine_factory.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {

// The corpus directory: $HOOKCHECK_SOURCE_DIR/scenarios/regression (ctest sets the variable),
// else the source tree this file was compiled from (found from __FILE__).
std::string CorpusDirectory();

// The bytes of the file at `path`; on failure none, and `*error` names the file.
std::optional<std::string> ReadTextFile(const std::string& path, std::string* error);

// Reads one sequence file; on failure `error` names the file (and the line, for a parse error).
model::ParsedSequence ReadSequenceFile(const std::string& path);

struct CorpusEntry {
  std::string path;
  std::optional<model::Sequence> sequence;  // set iff the file parsed
  std::string error;                        // "<path>:<line>: <message>" iff it did not
  // Where the file's goldens (properties/corpus_golden.h) disagree with the model now, or are
  // missing or misplaced; empty iff every step's golden holds.
  std::vector<std::string> golden_problems;
};

// Every *.seq file of `dir`, in name order. A directory that does not exist gives one entry
// with an error.
std::vector<CorpusEntry> LoadCorpus(const std::string& dir);

struct CorpusReplay {
  std::string path;
  std::string error;                         // parse error or "cannot read"
  std::optional<RunResult> run;              // set iff it parsed
  std::vector<std::string> golden_problems;  // CorpusEntry::golden_problems
  bool ok() const { return error.empty() && run && run->passed() && golden_problems.empty(); }
  // "<path>: <error>", or the golden diffs and the run of a failed replay.
  std::string Describe() const;
};

// Replays every entry with its own @config against RefEngine with `engine`'s mutant, runtime and
// schedule (its model is replaced by each entry's).
std::vector<CorpusReplay> ReplayCorpus(const std::string& dir, const CheckConfig& engine = {});

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_PROPERTY_CORPUS_H_
