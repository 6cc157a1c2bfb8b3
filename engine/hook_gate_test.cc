// Holds region_hook.h's claim that every hook call goes through InvokeHook (whose REQUIRES(!ml) the
// compile checks in engine/compile_checks/ show to bite): it reads the engine's sources from
// HOOKCHECK_SOURCE_DIR and flags any call of a RegionHook callback that is not the body of a
// lambda handed to InvokeHook.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "base/source_tree.h"

namespace hookcheck::engine {
namespace {

namespace fs = std::filesystem;

// The callbacks RegionHook declares: every `virtual void OnXxx(` in region_hook.h.
std::set<std::string> HookCallbacks(const std::string& header) {
  std::set<std::string> names;
  const std::regex decl(R"(virtual\s+void\s+(On[A-Za-z]+)\s*\()");
  for (std::sregex_iterator it(header.begin(), header.end(), decl), end; it != end; ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

// "file:line: call" for each call of a callback in `text` that is not `h.OnXxx(` inside an
// `InvokeHook(... [..](RegionHook& h) {` opened at most a few lines before it.
std::vector<std::string> UngatedCalls(const std::string& file, const std::string& text,
                                      const std::set<std::string>& callbacks) {
  std::vector<std::string> out;
  const std::regex call(R"(([^\s;{}(]+?[)\]]?)\s*(->|\.)\s*(On[A-Za-z]+)\s*\()");
  for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
    if (callbacks.count((*it)[3]) == 0) continue;
    const size_t at = static_cast<size_t>(it->position());
    const size_t from = at > 240 ? at - 240 : 0;
    const std::string before = text.substr(from, at - from);
    const std::string receiver = (*it)[1];
    const size_t gate = before.rfind("InvokeHook(");
    const bool gated = gate != std::string::npos &&
                       before.find("RegionHook& " + receiver + ")", gate) != std::string::npos;
    if (!gated) {
      const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
      out.push_back(file + ":" + std::to_string(line) + ": " + it->str());
    }
  }
  return out;
}

TEST(EngineHookGateTest, EveryHookCallGoesThroughTheGate) {
  const fs::path root = SourceDir();
  ASSERT_FALSE(root.empty()) << "HOOKCHECK_SOURCE_DIR is not set";
  const std::set<std::string> callbacks =
      HookCallbacks(ReadSourceFile(root / "engine/region_hook.h"));
  ASSERT_GE(callbacks.size(), 2u) << "region_hook.h declares no callbacks this test recognises";
  std::vector<std::string> ungated;
  int scanned = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root / "engine")) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    if (name.find("_test") != std::string::npos) continue;
    if (entry.path().parent_path().filename() == "compile_checks") continue;  // broken on purpose
    ++scanned;
    const auto found = UngatedCalls(name, ReadSourceFile(entry.path()), callbacks);
    ungated.insert(ungated.end(), found.begin(), found.end());
  }
  EXPECT_GT(scanned, 20);
  for (const std::string& u : ungated) ADD_FAILURE() << "hook called outside InvokeHook: " << u;
}

TEST(EngineHookGateTest, TheScanFlagsADirectCall) {
  const std::set<std::string> callbacks = {"OnSstFilesWritten"};
  EXPECT_EQ(UngatedCalls("f.cc", "hook->OnSstFilesWritten(1, {file});", callbacks).size(), 1u);
  EXPECT_EQ(UngatedCalls("f.cc", "ctx->hook()->OnSstFilesWritten(1, {});", callbacks).size(), 1u);
  EXPECT_TRUE(UngatedCalls(
                  "f.cc", "r->ctx->InvokeHook([&](RegionHook& h) { h.OnSstFilesWritten(1, {}); });",
                  callbacks)
                  .empty());
}

}  // namespace
}  // namespace hookcheck::engine
