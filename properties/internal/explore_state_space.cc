// File: properties/internal/explore_state_space.cc
// Implements StateSpace. Full states are kept only between discovery and expansion (the
// frontier); a visited state is 8 bytes of fingerprint, 8 of record and ~8 of hash slot.
#include "properties/internal/explore_state_space.h"

#include <cassert>

#include "model/internal/step_into.h"

namespace hookcheck::properties::explore_internal {

StateSpace::StateSpace(const std::vector<model::Command>* alphabet,
                       const model::ModelConfig* config, const ExploreOptions* options)
    : alphabet_(alphabet),
      config_(config),
      options_(options),
      sink_(static_cast<uint32_t>(std::min<uint64_t>(options->max_states, UINT32_MAX - 1))),
      index_(&fingerprints_),
      results_(alphabet->size()),
      edges_(alphabet->size()) {}

bool StateSpace::Expandable(uint32_t v, uint8_t depth) const {
  if (depth >= options_->max_depth) return false;
  const Shard& shard = options_->shard;
  if (shard.count <= 1 || depth != shard.split_depth) return true;
  return ShardOf(fingerprints_[v], shard.count) == shard.index;
}

uint32_t StateSpace::AddRoot(model::RegionState root) {
  assert(records_.empty());
  fingerprints_.push_back(model::Fingerprint(root));
  records_.push_back(VertexRecord{});
  index_.Insert(0);
  records_[0].expandable = Expandable(0, 0);
  if (records_[0].expandable) frontier_.push_back(std::move(root));
  return 0;
}

const std::vector<SuccessorEdge>& StateSpace::Expand(uint32_t u) {
  if (!records_[u].expandable) return none_;
  // BFS pops expandable vertices in the order they were pushed, so u's state is the front.
  current_ = std::move(frontier_.front());
  frontier_.pop_front();
  for (size_t i = 0; i < alphabet_->size(); ++i) {
    // Same value as model::Step, written over the last vertex's result to reuse its storage.
    model::step_internal::StepInto(current_, (*alphabet_)[i], *config_, &results_[i]);
    const uint64_t fp = model::Fingerprint(results_[i].next);
    uint32_t target = index_.Find(fp);
    if (target == FingerprintIndex::kEmpty) {
      if (records_.size() >= sink_) {
        budget_exhausted_ = true;
        ++unstored_;
        target = sink_;
      } else {
        target = static_cast<uint32_t>(records_.size());
        fingerprints_.push_back(fp);
        records_.push_back(VertexRecord{});
        index_.Insert(target);
      }
    }
    edges_[i] = SuccessorEdge{u, target, static_cast<uint8_t>(i)};
  }
  return edges_;
}

void StateSpace::Adopt(const SuccessorEdge& e) {
  VertexRecord& r = records_[e.target];
  r.parent = e.source;
  r.command = e.command;
  r.depth = static_cast<uint8_t>(records_[e.source].depth + 1);
  r.expandable = Expandable(e.target, r.depth);
  if (r.expandable) frontier_.push_back(std::move(results_[e.command].next));
}

size_t StateSpace::stored_bytes() const {
  return fingerprints_.capacity() * sizeof(uint64_t) + records_.capacity() * sizeof(VertexRecord) +
         index_.bytes();
}

}  // namespace hookcheck::properties::explore_internal
