// File: properties/internal/growing_files.h
// Defines `GrowingFiles`, a workload whose live files grow without bound: `Put; Flush` pairs, so
// the region holds one more file every two steps. What a checker keeps per step is measured on it
// (the runners' memory tests, bench/memory_bench.cc).
// Thread-safety: pure.
#ifndef HOOKCHECK_PROPERTIES_INTERNAL_GROWING_FILES_H_
#define HOOKCHECK_PROPERTIES_INTERNAL_GROWING_FILES_H_

#include <cstddef>
#include <vector>

#include "model/op.h"

namespace hookcheck::properties::workload_internal {

// `steps` commands (rounded up to even): Put ts=0; Flush; Put ts=1; Flush; ... (ts cycles 0..15).
std::vector<model::Command> GrowingFiles(size_t steps);

}  // namespace hookcheck::properties::workload_internal

#endif  // HOOKCHECK_PROPERTIES_INTERNAL_GROWING_FILES_H_
