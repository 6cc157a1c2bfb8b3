#include "engine/fault_injector.h"

namespace hookcheck::engine {

uint64_t FaultInjector::Arm(FaultSite site) {
  MutexLock l(&mu_);
  armed_ = site;
  return ++token_;
}

void FaultInjector::Disarm(uint64_t token) {
  MutexLock l(&mu_);
  if (token == token_) armed_.reset();
}

void FaultInjector::DisarmAll() {
  MutexLock l(&mu_);
  armed_.reset();
}

bool FaultInjector::Strike(FaultSite site) {
  MutexLock l(&mu_);
  if (armed_ != site) return false;
  armed_.reset();
  return true;
}

}  // namespace hookcheck::engine
