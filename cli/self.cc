#include "cli/self.h"

#include <filesystem>

namespace hookcheck::cli {
namespace {

std::string& Storage() {
  static std::string self = "hookcheck";
  return self;
}

}  // namespace

void SetSelf(const char* argv0) {
  if (argv0 == nullptr || *argv0 == '\0') return;
  std::string path = argv0;
  if (path.find('/') != std::string::npos) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    if (!ec) path = absolute.lexically_normal().string();
  }
  Storage() = path;
}

const std::string& Self() { return Storage(); }

}  // namespace hookcheck::cli
