// File: base/source_tree.h
// Defines `SourceDir()` and `ReadSourceFile()`, for tests that read the repository's own sources
// (the hook-gate scan, the region_hook.h claims check). ctest sets HOOKCHECK_SOURCE_DIR.
// Thread-safety: pure functions over the file system.
#ifndef HOOKCHECK_BASE_SOURCE_TREE_H_
#define HOOKCHECK_BASE_SOURCE_TREE_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hookcheck {

// $HOOKCHECK_SOURCE_DIR, or empty when it is not set.
inline std::filesystem::path SourceDir() {
  const char* dir = std::getenv("HOOKCHECK_SOURCE_DIR");
  return dir == nullptr ? std::filesystem::path() : std::filesystem::path(dir);
}

// The whole file at `path`; empty when it cannot be read.
inline std::string ReadSourceFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace hookcheck

#endif  // HOOKCHECK_BASE_SOURCE_TREE_H_
