#include "engine/runtime/internal/fiber.h"

#include <boost/context/preallocated.hpp>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

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

// Stacks are kept for reuse on their OS thread: a dfs explores thousands of runs of a few tasks
// each, and a fresh guard-paged stack is an mmap, an mprotect and a munmap.
class PooledStack {
 public:
  explicit PooledStack(size_t bytes) : bytes_(bytes) {}
  ctx::stack_context allocate() {
    if (std::vector<Entry>* pool = Pool()) {
      for (size_t i = pool->size(); i-- > 0;) {
        if ((*pool)[i].bytes == bytes_) {
          const ctx::stack_context s = (*pool)[i].stack;
          pool->erase(pool->begin() + static_cast<std::ptrdiff_t>(i));
          return s;
        }
      }
    }
    return ctx::protected_fixedsize_stack(bytes_).allocate();
  }
  void deallocate(ctx::stack_context& s) {
    std::vector<Entry>* pool = Pool();
    if (pool != nullptr && pool->size() < kMaxPooled) {
      pool->push_back({bytes_, s});
    } else {
      ctx::protected_fixedsize_stack(bytes_).deallocate(s);
    }
  }

 private:
  struct Entry {
    size_t bytes;  // as asked of protected_fixedsize_stack
    ctx::stack_context stack;
  };
  // The thread's pool, freed with the thread (a checker runs configurations on threads of its
  // own). A fiber destroyed after that, during the thread's exit, gets no pool and frees its
  // stack at once.
  struct ThreadPool {
    std::vector<Entry> entries;
    ~ThreadPool() {
      for (Entry& e : entries) ctx::protected_fixedsize_stack(e.bytes).deallocate(e.stack);
      gone = true;
    }
    static inline thread_local bool gone = false;
  };
  static constexpr size_t kMaxPooled = 64;
  static std::vector<Entry>* Pool() {
    if (ThreadPool::gone) return nullptr;
    thread_local ThreadPool pool;
    return &pool.entries;
  }
  size_t bytes_;
};

}  // namespace

Fiber::Fiber(std::function<void()> body, size_t stack_bytes) : body_(std::move(body)) {
  PooledStack alloc(stack_bytes);
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
