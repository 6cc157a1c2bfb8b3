#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_tree.h"
#include "model/op_text.h"
#include "model/step.h"

namespace hookcheck::model {
namespace {

// The role table of model/step.h, read from its comment (the only copy). A cell is the role
// (short name) or presence after the op, or the error it returns.
struct Row {
  std::string op;
  std::array<std::string, 6> cells;  // W, S, F, Dg, closed, dropped
};

// The rows of the block that starts after the comment line `start` and ends at the next bare
// "//" line. A row is "//   <op>  <six cells>": the op is everything before the first run of two
// spaces, the cells are whitespace-separated. A malformed row fails the test.
std::vector<Row> ReadRows(std::string_view start) {
  const std::string text = ReadSourceFile(SourceDir() / "model/step.h");
  EXPECT_FALSE(text.empty()) << "model/step.h not readable (HOOKCHECK_SOURCE_DIR='"
                             << SourceDir().string() << "')";
  std::vector<Row> rows;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line.rfind(start, 0) == 0;
      continue;
    }
    if (line == "//") break;
    const std::string body = line.substr(std::min<size_t>(5, line.size()));  // "//   "
    const size_t gap = body.find("  ");
    EXPECT_NE(gap, std::string::npos) << "role table row without cells: " << line;
    if (gap == std::string::npos) continue;
    Row row{body.substr(0, gap), {}};
    std::istringstream cells(body.substr(gap));
    size_t n = 0;
    for (std::string cell; cells >> cell; ++n) {
      if (n < row.cells.size()) row.cells[n] = cell;
    }
    EXPECT_EQ(n, row.cells.size()) << "role table row with " << n << " cells: " << line;
    rows.push_back(std::move(row));
  }
  EXPECT_FALSE(rows.empty()) << "no role table rows after '" << start << "' in model/step.h";
  return rows;
}

std::vector<Row> RoleTable() { return ReadRows("//   op  "); }
std::vector<Row> V5Rows() { return ReadRows("// Under V5 (kHead) every row above holds"); }

RegionState Reach(std::initializer_list<const char*> lines, const ModelConfig& config) {
  RegionState s = InitialState();
  for (const char* line : lines) s = Step(s, *ParseCommand(line).command, config).next;
  return s;
}

std::string Cell(const RegionState& from, const std::string& op, const ModelConfig& config) {
  const StepResult r = Step(from, *ParseCommand(op).command, config);
  if (r.expect.result != ErrorCode::kOk) return std::string(Name(r.expect.result));
  if (r.next.presence != Presence::kOpen) return std::string(Name(r.next.presence));
  return std::string(ShortName(r.next.role));
}

// Checks every row of `table` from the six canonical situations under `config`.
void CheckTable(std::span<const Row> table, const ModelConfig& config) {
  const std::array<RegionState, 6> from = {
      Reach({"Put ts=1"}, config),
      Reach({"EnterStaging expr=1", "Put ts=1", "Remap files=0"}, config),
      Reach({"Put ts=1", "SetRole role=F"}, config),
      Reach({"Put ts=1", "SetRole role=Dg"}, config),
      Reach({"Close"}, config),
      Reach({"Drop"}, config),
  };
  const char* const kSituations[] = {"W", "S", "F", "Dg", "closed", "dropped"};
  for (const Row& row : table) {
    ASSERT_TRUE(ParseCommand(row.op).command) << row.op;
    for (size_t i = 0; i < from.size(); ++i) {
      EXPECT_EQ(Cell(from[i], row.op, config), row.cells[i])
          << row.op << " from " << kSituations[i] << " under " << Name(config.contract);
    }
  }
}

TEST(RoleTable, StepImplementsTheTableInStepH) { CheckTable(RoleTable(), {}); }

TEST(RoleTable, UnderV5TheV5OpsFollowTheirRowsAndEveryOtherRowIsV1s) {
  ModelConfig v5;
  v5.contract = ContractVersion::kHead;
  const std::vector<Row> table = RoleTable(), v5_rows = V5Rows();
  CheckTable(v5_rows, v5);
  std::vector<Row> others;
  for (const Row& row : table) {
    const bool replaced =
        std::any_of(v5_rows.begin(), v5_rows.end(), [&](const Row& v) { return v.op == row.op; });
    if (!replaced) others.push_back(row);
  }
  EXPECT_EQ(others.size(), table.size() - v5_rows.size());
  CheckTable(others, v5);
}

TEST(RoleTable, CoversEveryOpKind) {
  std::array<bool, kOpKindCount> seen{};
  for (const Row& row : RoleTable()) {
    const ParsedCommand parsed = ParseCommand(row.op);
    ASSERT_TRUE(parsed.command) << row.op << ": " << parsed.error;
    seen[parsed.command->op.index()] = true;
  }
  for (int i = 0; i < kOpKindCount; ++i) EXPECT_TRUE(seen[i]) << OpName(i) << " has no row";
}

}  // namespace
}  // namespace hookcheck::model
