#include "engine/runtime/internal/fiber.h"

#include <boost/context/preallocated.hpp>
#include <memory>
#include <utility>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HOOKCHECK_TSAN_FIBERS 1
#endif
#if __has_feature(address_sanitizer)
#define HOOKCHECK_ASAN_FIBERS 1
#endif
#endif

#if defined(HOOKCHECK_TSAN_FIBERS)
#include <sanitizer/tsan_interface.h>
#endif
#if defined(HOOKCHECK_ASAN_FIBERS)
#include <sanitizer/common_interface_defs.h>
#endif

namespace hookcheck::runtime::internal {
namespace {

namespace ctx = boost::context;

// ASan: announce a switch to the stack [bottom, bottom + size); `fake` keeps the leaving stack's
// fake frames (nullptr when the leaving fiber ends).
void AsanStart(void** fake, const void* bottom, size_t size) {
#if defined(HOOKCHECK_ASAN_FIBERS)
  __sanitizer_start_switch_fiber(fake, bottom, size);
#endif
}

void AsanFinish(void* fake, const void** bottom_old, size_t* size_old) {
#if defined(HOOKCHECK_ASAN_FIBERS)
  __sanitizer_finish_switch_fiber(fake, bottom_old, size_old);
#endif
}

void TsanSwitch(void* to) {
#if defined(HOOKCHECK_TSAN_FIBERS)
  __tsan_switch_to_fiber(to, 0);
#endif
}

}  // namespace

Fiber::Fiber(std::function<void()> body, size_t stack_bytes) : body_(std::move(body)) {
  ctx::protected_fixedsize_stack alloc(stack_bytes);
  stack_ = alloc.allocate();
  self_ = ctx::fiber(std::allocator_arg, ctx::preallocated(stack_.sp, stack_.size, stack_), alloc,
                     [this](ctx::fiber&& caller) { return Entry(std::move(caller)); });
#if defined(HOOKCHECK_TSAN_FIBERS)
  tsan_self_ = __tsan_create_fiber(0);
#endif
}

Fiber::~Fiber() {
#if defined(HOOKCHECK_TSAN_FIBERS)
  __tsan_destroy_fiber(tsan_self_);
#endif
}

ctx::fiber Fiber::Entry(ctx::fiber&& caller) {
  AsanFinish(nullptr, &caller_stack_bottom_, &caller_stack_size_);
  caller_ = std::move(caller);
  body_();
  done_ = true;
  AsanStart(nullptr, caller_stack_bottom_, caller_stack_size_);
  TsanSwitch(tsan_caller_);
  return std::move(caller_);
}

void Fiber::Resume() {
#if defined(HOOKCHECK_TSAN_FIBERS)
  tsan_caller_ = __tsan_get_current_fiber();
#endif
  AsanStart(&asan_fake_caller_, static_cast<char*>(stack_.sp) - stack_.size, stack_.size);
  TsanSwitch(tsan_self_);
  self_ = std::move(self_).resume();
  AsanFinish(asan_fake_caller_, nullptr, nullptr);
}

void Fiber::Suspend() {
  AsanStart(&asan_fake_self_, caller_stack_bottom_, caller_stack_size_);
  TsanSwitch(tsan_caller_);
  caller_ = std::move(caller_).resume();
  AsanFinish(asan_fake_self_, &caller_stack_bottom_, &caller_stack_size_);
}

}  // namespace hookcheck::runtime::internal
