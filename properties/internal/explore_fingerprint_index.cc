// File: properties/internal/explore_fingerprint_index.cc
// Linear probing at a load factor of at most 3/4: the probe sequences stay short and the table
// costs 4 / (3/8 .. 3/4) = 5.3 .. 10.7 bytes per state.
#include "properties/internal/explore_fingerprint_index.h"

namespace hookcheck::properties::explore_internal {

FingerprintIndex::FingerprintIndex(const std::vector<uint64_t>* fingerprints)
    : fingerprints_(fingerprints), slots_(1024, kEmpty), log2_(10) {}

size_t FingerprintIndex::SlotOf(uint64_t fp) const {
  // Fibonacci hashing: the model's fingerprint need not be uniform in its low bits.
  return static_cast<size_t>((fp * 0x9E3779B97F4A7C15ull) >> (64 - log2_));
}

uint32_t FingerprintIndex::Find(uint64_t fp) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = SlotOf(fp);; i = (i + 1) & mask) {
    const uint32_t id = slots_[i];
    if (id == kEmpty || (*fingerprints_)[id] == fp) return id;
  }
}

void FingerprintIndex::Insert(uint32_t id) {
  if ((used_ + 1) * 4 > slots_.size() * 3) Grow();
  const size_t mask = slots_.size() - 1;
  size_t i = SlotOf((*fingerprints_)[id]);
  while (slots_[i] != kEmpty) i = (i + 1) & mask;
  slots_[i] = id;
  ++used_;
}

void FingerprintIndex::Grow() {
  std::vector<uint32_t> old;
  old.swap(slots_);
  ++log2_;
  slots_.assign(size_t{1} << log2_, kEmpty);
  const size_t mask = slots_.size() - 1;
  for (uint32_t id : old) {
    if (id == kEmpty) continue;
    size_t i = SlotOf((*fingerprints_)[id]);
    while (slots_[i] != kEmpty) i = (i + 1) & mask;
    slots_[i] = id;
  }
}

}  // namespace hookcheck::properties::explore_internal
