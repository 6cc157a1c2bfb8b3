// File: properties/internal/explore_fingerprint_index.h
// Defines `FingerprintIndex`, the explorer's visited set: fingerprint -> vertex id, as an
// open-addressing table of 4-byte vertex ids whose keys live in the caller's fingerprint array
// (8 bytes per state), so a stored state costs 8 + 4/load bytes here instead of a node-based
// map's ~40.
// Thread-safety: externally synchronized.
#ifndef HOOKCHECK_PROPERTIES_INTERNAL_EXPLORE_FINGERPRINT_INDEX_H_
#define HOOKCHECK_PROPERTIES_INTERNAL_EXPLORE_FINGERPRINT_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace hookcheck::properties::explore_internal {

class FingerprintIndex {
 public:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  // `fingerprints` is indexed by vertex id and owned by the caller; it must outlive this index.
  explicit FingerprintIndex(const std::vector<uint64_t>* fingerprints);

  // The vertex holding `fp`, else kEmpty.
  uint32_t Find(uint64_t fp) const;
  // Records that vertex `id` (already appended to the fingerprint array) holds its fingerprint.
  // REQUIRES: Find(fingerprints[id]) == kEmpty.
  void Insert(uint32_t id);

  size_t bytes() const { return slots_.capacity() * sizeof(uint32_t); }

 private:
  size_t SlotOf(uint64_t fp) const;
  void Grow();

  const std::vector<uint64_t>* const fingerprints_;
  std::vector<uint32_t> slots_;
  size_t used_ = 0;
  int log2_ = 0;
};

}  // namespace hookcheck::properties::explore_internal

#endif  // HOOKCHECK_PROPERTIES_INTERNAL_EXPLORE_FINGERPRINT_INDEX_H_
