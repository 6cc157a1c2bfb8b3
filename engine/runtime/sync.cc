#include "engine/runtime/sync.h"

#include <cstdio>
#include <cstdlib>

namespace hookcheck::runtime {
namespace {

void AbortUnless(bool held, const char* what) {
  if (held) return;
  std::fprintf(stderr, "%s: the calling task does not hold the lock\n", what);
  std::abort();
}

}  // namespace

void Mutex::AssertHeld() const {
  AbortUnless(impl_->HeldByCurrentTask(LockMode::kWrite), "Mutex::AssertHeld");
}

void RwLock::AssertHeld() const {
  AbortUnless(impl_->HeldByCurrentTask(LockMode::kWrite), "RwLock::AssertHeld");
}

void RwLock::AssertReaderHeld() const {
  AbortUnless(
      impl_->HeldByCurrentTask(LockMode::kRead) || impl_->HeldByCurrentTask(LockMode::kWrite),
      "RwLock::AssertReaderHeld");
}

}  // namespace hookcheck::runtime
