// File: properties/parallel_for.h
// Defines `ParallelFor`, which runs f(0) .. f(n-1) on up to `jobs` threads, for checks that run
// independent sequences on separate engines (`conform -j N`). Callers keep results by index and
// report them in index order, so the output does not depend on the scheduling.
// Thread-safety: reentrant; `f` must be safe to call from several threads at once.
#ifndef HOOKCHECK_PROPERTIES_PARALLEL_FOR_H_
#define HOOKCHECK_PROPERTIES_PARALLEL_FOR_H_

#include <cstddef>
#include <functional>

namespace hookcheck::properties {

// Runs every f(i), i < n; with jobs <= 1 in order on the calling thread. When an f throws, no
// index is started after it, the running ones finish, and the exception of the lowest index
// that threw is rethrown. REQUIRES: jobs >= 1.
void ParallelFor(size_t n, int jobs, const std::function<void(size_t)>& f);

}  // namespace hookcheck::properties

#endif  // HOOKCHECK_PROPERTIES_PARALLEL_FOR_H_
