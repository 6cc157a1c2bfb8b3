// Implements ParallelFor: workers take the next index from an atomic counter.
#include "properties/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "base/mutex.h"

namespace hookcheck::properties {

void ParallelFor(size_t n, int jobs, const std::function<void(size_t)>& f) {
  if (jobs <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  Mutex mu;
  size_t failed_index = n;     // guarded by mu
  std::exception_ptr failure;  // guarded by mu
  auto work = [&] {
    for (size_t i = next++; i < n && !stop.load(); i = next++) {
      try {
        f(i);
      } catch (...) {
        MutexLock l(&mu);
        stop = true;
        if (i < failed_index) {
          failed_index = i;
          failure = std::current_exception();
        }
      }
    }
  };
  std::vector<std::thread> threads;
  const size_t count = std::min<size_t>(static_cast<size_t>(jobs), n);
  for (size_t t = 0; t < count; ++t) threads.emplace_back(work);
  for (std::thread& t : threads) t.join();
  // Every worker has joined: nothing else touches `failure` now.
  if (failure) std::rethrow_exception(failure);
}

}  // namespace hookcheck::properties
