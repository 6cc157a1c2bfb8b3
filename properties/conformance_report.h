// File: properties/conformance_report.h
// Defines `ConformanceReport`, the matrix a conformance run adds up to: for each configuration,
// each op and each callback column (SFW, MU, or "none": the op fires nothing), whether the
// checked steps that exercised it passed, failed, or none did (unknown). A cell counts a step
// under every callback the model expected of it. Rendered as text, JSON and JUnit XML (one test
// case per cell; an unknown cell is a skipped case, never a pass).
// Thread-safety: thread-safe (`conform -j N` adds from several threads).
#ifndef HOOKCHECK_PROPERTIES_CONFORMANCE_REPORT_H_
#define HOOKCHECK_PROPERTIES_CONFORMANCE_REPORT_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "model/config.h"
#include "properties/sequential_runner.h"

namespace hookcheck::properties {

enum class CellVerdict : uint8_t { kPass, kFail, kUnknown };
std::string_view Name(CellVerdict v);  // "pass", "fail", "unknown"

// The columns, in order.
inline constexpr const char* kCallbackColumns[] = {"SFW", "MU", "none"};

class ConformanceReport {
 public:
  // Adds every step of `run`: the failing step (if any) fails its cells, the others pass theirs.
  void Add(const model::ModelConfig& config, const RunResult& run) REQUIRES(!mu_);
  // Adds the steps of `commands` run on a fresh region with the model alone computing the
  // callbacks; `failed_last` fails the last step's cells (a scenario whose act failed).
  void AddCommands(const model::ModelConfig& config, const std::vector<model::Command>& commands,
                   bool failed_last) REQUIRES(!mu_);
  // A configuration the run was to cover: its cells show even when nothing ran in it.
  void Expect(const model::ModelConfig& config) REQUIRES(!mu_);

  CellVerdict Verdict(const std::string& config, const std::string& op,
                      const std::string& column) const REQUIRES(!mu_);

  std::string ToText() const REQUIRES(!mu_);
  nlohmann::json ToJson() const REQUIRES(!mu_);
  // `parts` are extra test cases (name, verdict "pass"/"fail"/"unknown"/"broke"/..., message).
  std::string ToJUnit(const std::vector<std::tuple<std::string, std::string, std::string>>& parts)
      const REQUIRES(!mu_);

  // "seed wal sync ac=0" for a config: the label its cells are filed under.
  static std::string ConfigLabel(const model::ModelConfig& config);

 private:
  struct Cell {
    uint64_t passed = 0, failed = 0;
  };
  void AddStep(const std::string& config, const model::Command& command,
               const model::Expectation& expect, bool ok) REQUIRES(mu_);

  mutable Mutex mu_;
  // config label -> op name -> column -> counts. Ordered maps: the output order is fixed.
  std::map<std::string, std::map<std::string, std::map<std::string, Cell>>> cells_ GUARDED_BY(mu_);
};

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_CONFORMANCE_REPORT_H_
