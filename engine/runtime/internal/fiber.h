// File: engine/runtime/internal/fiber.h
// Defines `Fiber`, a stackful coroutine on Boost.Context (boost::context::fiber on a
// guard-paged stack) that tells ThreadSanitizer (__tsan_create_fiber, __tsan_switch_to_fiber,
// __tsan_destroy_fiber) and AddressSanitizer (__sanitizer_start/finish_switch_fiber) about every
// switch, so the tsan and asan presets stay meaningful on the deterministic runtime.
// Thread-safety: externally synchronized; resumed and suspended on one OS thread.
#ifndef HOOKCHECK_ENGINE_RUNTIME_INTERNAL_FIBER_H_
#define HOOKCHECK_ENGINE_RUNTIME_INTERNAL_FIBER_H_

#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <cstddef>
#include <functional>

namespace hookcheck::runtime::internal {

class Fiber {
 public:
  // `body` must not throw. It starts at the first Resume.
  Fiber(std::function<void()> body, size_t stack_bytes);
  ~Fiber();  // REQUIRES: done() or never resumed
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // From the scheduler: runs the fiber until it calls Suspend or its body returns.
  void Resume();
  // From inside the fiber: back to the Resume that ran it.
  void Suspend();
  bool done() const { return done_; }

 private:
  boost::context::fiber Entry(boost::context::fiber&& caller);

  std::function<void()> body_;
  boost::context::stack_context stack_;
  boost::context::fiber self_;    // the fiber, while it is suspended
  boost::context::fiber caller_;  // the scheduler, while the fiber runs
  bool done_ = false;

  // Sanitizer state: the fibers' TSan handles, ASan's fake-stack slots and the scheduler's stack.
  void* tsan_self_ = nullptr;
  void* tsan_caller_ = nullptr;
  void* asan_fake_self_ = nullptr;
  void* asan_fake_caller_ = nullptr;
  const void* caller_stack_bottom_ = nullptr;
  size_t caller_stack_size_ = 0;
};

}  // namespace hookcheck::runtime::internal

#endif  // HOOKCHECK_ENGINE_RUNTIME_INTERNAL_FIBER_H_
