// File: properties/property_counterexample.h
// Defines how a counterexample leaves the process: the regression file (text format of
// docs/sequence-format.md, with `#` comments saying where it came from and what failed) and a
// standalone GoogleTest source that builds the same sequence literally and replays it with
// RunSequence, so a fix can land with a plain unit test.
// Thread-safety: pure functions, except WriteCounterexample (file system).
#ifndef HOOKCHECK_PROPERTIES_PROPERTY_COUNTEREXAMPLE_H_
#define HOOKCHECK_PROPERTIES_PROPERTY_COUNTEREXAMPLE_H_

#include <string>
#include <vector>

#include "model/op.h"
#include "properties/engine_factory.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {

struct Counterexample {
  std::string origin;  // "SequentialProperty seed=123", for the header comment
  CheckConfig check;
  std::vector<model::Command> commands;
  RunResult run;  // the failing run of `commands` (its diff goes into the comments)
};

// "{model::Put{.ts = 3}, {model::FaultKind::kSaveFails, model::RoleState::kFollower}}"
std::string CppLiteral(const model::Command& command);

// The .seq text: `#` comment header, the @config line, one command a line.
std::string SeqFileText(const Counterexample& c);

// A GoogleTest source with one TEST named `test_name` replaying the sequence.
std::string TestSourceText(const Counterexample& c, const std::string& test_name);

struct WrittenFiles {
  std::string seq_path, test_path;
  std::string error;  // set iff a file could not be written
};

// Writes <dir>/<stem>.seq and <dir>/<stem>_test.cc, creating `dir`. The stem is `name`
// (sanitized) plus a hash of the sequence, so equal counterexamples overwrite each other.
WrittenFiles WriteCounterexample(const Counterexample& c, const std::string& dir,
                                 const std::string& name);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_PROPERTY_COUNTEREXAMPLE_H_
