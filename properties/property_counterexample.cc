#include "properties/property_counterexample.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <variant>

#include "model/op_text.h"

namespace hookcheck::properties {
namespace {

std::string B(bool v) { return v ? "true" : "false"; }
std::string N(uint8_t v) { return std::to_string(v); }

std::string Cpp(model::RoleState r) {
  switch (r) {
    case model::RoleState::kFollower:
      return "model::RoleState::kFollower";
    case model::RoleState::kWritable:
      return "model::RoleState::kWritable";
    case model::RoleState::kStaging:
      return "model::RoleState::kStaging";
    case model::RoleState::kEnteringStaging:
      return "model::RoleState::kEnteringStaging";
    case model::RoleState::kAltering:
      return "model::RoleState::kAltering";
    case model::RoleState::kDropping:
      return "model::RoleState::kDropping";
    case model::RoleState::kTruncating:
      return "model::RoleState::kTruncating";
    case model::RoleState::kEditing:
      return "model::RoleState::kEditing";
    case model::RoleState::kDowngrading:
      return "model::RoleState::kDowngrading";
  }
  return "?";
}
std::string Cpp(model::FaultKind f) {
  switch (f) {
    case model::FaultKind::kNone:
      return "model::FaultKind::kNone";
    case model::FaultKind::kSaveFails:
      return "model::FaultKind::kSaveFails";
    case model::FaultKind::kRebuildFails:
      return "model::FaultKind::kRebuildFails";
    case model::FaultKind::kSstWriteFails:
      return "model::FaultKind::kSstWriteFails";
    case model::FaultKind::kRoleChangeBeforeCommit:
      return "model::FaultKind::kRoleChangeBeforeCommit";
    case model::FaultKind::kFlushCancelled:
      return "model::FaultKind::kFlushCancelled";
  }
  return "?";
}
std::string Cpp(model::StagingDirective d) {
  return d == model::StagingDirective::kUpdatePartitionExpr
             ? "model::StagingDirective::kUpdatePartitionExpr"
             : "model::StagingDirective::kRejectAllWrites";
}
std::string Cpp(model::AlterKind k) {
  switch (k) {
    case model::AlterKind::kAddColumn:
      return "model::AlterKind::kAddColumn";
    case model::AlterKind::kSetIndexes:
      return "model::AlterKind::kSetIndexes";
    case model::AlterKind::kFormat:
      return "model::AlterKind::kFormat";
    case model::AlterKind::kOptionsOnly:
      return "model::AlterKind::kOptionsOnly";
    case model::AlterKind::kNoop:
      return "model::AlterKind::kNoop";
  }
  return "?";
}
std::string Cpp(model::GracefulTarget t) {
  switch (t) {
    case model::GracefulTarget::kLeader:
      return "model::GracefulTarget::kLeader";
    case model::GracefulTarget::kStagingLeader:
      return "model::GracefulTarget::kStagingLeader";
    case model::GracefulTarget::kFollower:
      return "model::GracefulTarget::kFollower";
    case model::GracefulTarget::kDowngradingLeader:
      return "model::GracefulTarget::kDowngradingLeader";
  }
  return "?";
}
std::string Cpp(model::ContractVersion v) {
  switch (v) {
    case model::ContractVersion::kSeed:
      return "model::ContractVersion::kSeed";
    case model::ContractVersion::kLifecycle:
      return "model::ContractVersion::kLifecycle";
    case model::ContractVersion::kStagingSuppressed:
      return "model::ContractVersion::kStagingSuppressed";
    case model::ContractVersion::kGc:
      return "model::ContractVersion::kGc";
    case model::ContractVersion::kHead:
      return "model::ContractVersion::kHead";
  }
  return "?";
}

std::string Cpp(model::IndexMode m) {
  return m == model::IndexMode::kSync ? "model::IndexMode::kSync" : "model::IndexMode::kAsync";
}

std::string Cpp(model::RemoteCounter r) {
  return r == model::RemoteCounter::kUpstream ? "model::RemoteCounter::kUpstream"
                                              : "model::RemoteCounter::kClosed";
}

// Every field is written, as in the text form, so the literal means the same whatever the
// defaults become.
struct OpLiteral {
  std::string operator()(const model::Put& o) const { return "model::Put{.ts = " + N(o.ts) + "}"; }
  std::string operator()(const model::Flush&) const { return "model::Flush{}"; }
  std::string operator()(const model::CompactLocal& o) const {
    return "model::CompactLocal{.expire_before = " + N(o.expire_before) +
           ", .failed_outputs = " + N(o.failed_outputs) + ", .crash = " + B(o.crash) +
           ", .budget_fails = " + B(o.budget_fails) + "}";
  }
  std::string operator()(const model::CompactRemote& o) const {
    return "model::CompactRemote{.plugins = " + B(o.plugins) +
           ", .expire_before = " + N(o.expire_before) + "}";
  }
  std::string operator()(const model::EditRegion& o) const {
    return "model::EditRegion{.add = " + N(o.add) + ", .remove = " + N(o.remove) +
           ", .rows = " + N(o.rows) + ", .queued = " + N(o.queued) + "}";
  }
  std::string operator()(const model::CopyRegion& o) const {
    return "model::CopyRegion{.source_files = " + N(o.source_files) + "}";
  }
  std::string operator()(const model::EnterStaging& o) const {
    return "model::EnterStaging{.directive = " + Cpp(o.directive) + ", .expr = " + N(o.expr) + "}";
  }
  std::string operator()(const model::Remap& o) const {
    return "model::Remap{.files = " + N(o.files) + "}";
  }
  std::string operator()(const model::ApplyStaging& o) const {
    return "model::ApplyStaging{.expr = " + N(o.expr) + "}";
  }
  std::string operator()(const model::Alter& o) const {
    return "model::Alter{.kind = " + Cpp(o.kind) + "}";
  }
  std::string operator()(const model::Truncate& o) const {
    return "model::Truncate{.all = " + B(o.all) + ", .lo = " + N(o.lo) + ", .hi = " + N(o.hi) + "}";
  }
  std::string operator()(const model::BuildIndex&) const { return "model::BuildIndex{}"; }
  std::string operator()(const model::Drop&) const { return "model::Drop{}"; }
  std::string operator()(const model::Close&) const { return "model::Close{}"; }
  std::string operator()(const model::Open& o) const {
    return "model::Open{.fetch_partition_expr = " + B(o.fetch_partition_expr) + "}";
  }
  std::string operator()(const model::Create&) const { return "model::Create{}"; }
  std::string operator()(const model::FollowerSync&) const { return "model::FollowerSync{}"; }
  std::string operator()(const model::Catchup& o) const {
    return "model::Catchup{.set_writable = " + B(o.set_writable) + "}";
  }
  std::string operator()(const model::Gc& o) const {
    return "model::Gc{.full_listing = " + B(o.full_listing) + "}";
  }
  std::string operator()(const model::OfflineCleanup&) const { return "model::OfflineCleanup{}"; }
  std::string operator()(const model::DiscardUnflushed&) const {
    return "model::DiscardUnflushed{}";
  }
  std::string operator()(const model::Checkpoint&) const { return "model::Checkpoint{}"; }
  std::string operator()(const model::SetRole& o) const {
    return "model::SetRole{.role = " + Cpp(o.role) + "}";
  }
  std::string operator()(const model::SetRoleGracefully& o) const {
    return "model::SetRoleGracefully{.target = " + Cpp(o.target) + "}";
  }
};

// Each line of `text` behind `prefix`.
std::string Prefixed(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(pos, end - pos) + "\n";
    pos = end + 1;
  }
  return out;
}

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Sanitize(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out.empty() ? "counterexample" : out;
}

std::string FailureSummary(const RunResult& run) {
  if (run.passed()) return "(the run passed when the file was written)";
  return FormatStepFailure(run.steps[*run.failed_index]);
}

bool WriteFile(const std::filesystem::path& path, const std::string& text, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    *error = "cannot write " + path.string();
    return false;
  }
  return true;
}

}  // namespace

std::string CppLiteral(const model::Command& command) {
  std::string out = "{" + std::visit(OpLiteral{}, command.op);
  if (command.fault.kind == model::FaultKind::kNone) return out + ", {}}";
  return out + ", {" + Cpp(command.fault.kind) + ", " + Cpp(command.fault.role) + "}}";
}

std::string SeqFileText(const Counterexample& c) {
  std::string out = "# Shrunk counterexample of " + c.origin + "\n";
  out += "# engine: ref, mutant " + std::string(engine::Name(c.check.mutant)) + "\n";
  out += "# It failed at:\n" + Prefixed(FailureSummary(c.run), "#   ");
  out += "# Replay: hookcheck replay <this file>, or the _test.cc written next to it.\n";
  model::Sequence sequence{c.check.model, c.commands};
  return out + model::FormatSequence(sequence);
}

std::string TestSourceText(const Counterexample& c, const std::string& test_name) {
  const model::ModelConfig& m = c.check.model;
  std::string out;
  out +=
      "// Regression test written by hookcheck from a shrunk counterexample of " + c.origin + ".\n";
  out += "// It failed at:\n" + Prefixed(FailureSummary(c.run), "//   ");
  out +=
      "// Move it next to the code it pins (e.g. scenarios/) and rename the test after the bug.\n";
  out += "#include <vector>\n\n#include <gtest/gtest.h>\n\n";
  out += "#include \"engine/mutant.h\"\n#include \"model/config.h\"\n#include \"model/op.h\"\n";
  out +=
      "#include \"properties/engine_factory.h\"\n#include \"properties/sequential_runner.h\"\n\n";
  out += "namespace hookcheck {\nnamespace {\n\n";
  out += "TEST(Regression, " + test_name + ") {\n";
  out += "  properties::CheckConfig check;\n";
  out += "  check.model.contract = " + Cpp(m.contract) + ";\n";
  out += "  check.model.auto_compact_threshold = " + N(m.auto_compact_threshold) + ";\n";
  out += "  check.model.index_mode = " + Cpp(m.index_mode) + ";\n";
  out += "  check.model.skip_wal = " + B(m.skip_wal) + ";\n";
  out += "  check.model.index_build_slots = " + N(m.index_build_slots) + ";\n";
  out += "  check.model.remote_counter = " + Cpp(m.remote_counter) + ";\n";
  if (c.check.mutant != engine::Mutant::kNone) {
    out += "  // Found against a seeded bug; drop this line to check the clean engine.\n";
    out += "  check.mutant = *engine::ParseMutant(\"" + std::string(engine::Name(c.check.mutant)) +
           "\");\n";
  }
  out += "  const std::vector<model::Command> commands = {\n";
  for (const model::Command& command : c.commands) {
    out += "      // " + model::FormatCommand(command) + "\n";
    out += "      " + CppLiteral(command) + ",\n";
  }
  out += "  };\n";
  out += "  auto engine = properties::MakeRefEngine(check);\n";
  out +=
      "  const properties::RunResult run = properties::RunSequence(engine.get(), check.model, "
      "commands);\n";
  out += "  EXPECT_TRUE(run.passed()) << properties::FormatRun(run);\n";
  out += "}\n\n}  // namespace\n}  // namespace hookcheck\n";
  return out;
}

WrittenFiles WriteCounterexample(const Counterexample& c, const std::string& dir,
                                 const std::string& name) {
  WrittenFiles files;
  const std::string seq_text = SeqFileText(c);
  char hash[17];
  std::snprintf(hash, sizeof hash, "%08llx",
                static_cast<unsigned long long>(
                    Fnv1a(model::FormatSequence({c.check.model, c.commands})) & 0xffffffffull));
  const std::string stem = Sanitize(name) + "_" + hash;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    files.error = "cannot create " + dir + ": " + ec.message();
    return files;
  }
  const std::filesystem::path seq = std::filesystem::path(dir) / (stem + ".seq");
  const std::filesystem::path test = std::filesystem::path(dir) / (stem + "_test.cc");
  if (!WriteFile(seq, seq_text, &files.error)) return files;
  files.seq_path = std::filesystem::absolute(seq, ec).string();
  if (!WriteFile(test, TestSourceText(c, "Counterexample_" + std::string(hash)), &files.error))
    return files;
  files.test_path = std::filesystem::absolute(test, ec).string();
  return files;
}

}  // namespace hookcheck::properties
