#include "properties/internal/growing_files.h"

#include <cstdint>

namespace hookcheck::properties::workload_internal {

std::vector<model::Command> GrowingFiles(size_t steps) {
  std::vector<model::Command> out;
  out.reserve(steps + 1);
  for (size_t i = 0; out.size() < steps; ++i) {
    out.push_back({model::Put{.ts = static_cast<uint8_t>(i % 16)}, {}});
    out.push_back({model::Flush{}, {}});
  }
  return out;
}

}  // namespace hookcheck::properties::workload_internal
