// File: base/heap_in_use.h
// Defines `HeapBytesInUse`, the bytes the C allocator has handed out and not taken back, and
// `HeapIsMeasurable`, whether that figure follows this process's allocations. Used to measure what
// a checker retains (bench/, and the runners' memory tests).
// Thread-safety: thread-safe; a figure taken while other threads allocate includes theirs.
#ifndef HOOKCHECK_BASE_HEAP_IN_USE_H_
#define HOOKCHECK_BASE_HEAP_IN_USE_H_

#include <malloc.h>

#include <cstddef>
#include <memory>

namespace hookcheck {

// glibc's count over every arena: small chunks in use plus mmapped blocks. Chunks parked in a
// thread's tcache count as in use, so a figure is exact to a few kilobytes.
inline size_t HeapBytesInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// False under a sanitizer that replaces malloc (its allocations bypass glibc's counters).
inline bool HeapIsMeasurable() {
  constexpr size_t kProbe = 1 << 20;
  const size_t before = HeapBytesInUse();
  auto block = std::make_unique<char[]>(kProbe);
  volatile char* touch = block.get();
  touch[0] = 1;
  return HeapBytesInUse() >= before + kProbe;
}

}  // namespace hookcheck

#endif  // HOOKCHECK_BASE_HEAP_IN_USE_H_
