// File: engine/compaction_picker.h
// Defines `PickCompaction`, the deterministic picker of docs/contract.md §1.5, and its output.
// Thread-safety: pure function.
#ifndef HOOKCHECK_ENGINE_COMPACTION_PICKER_H_
#define HOOKCHECK_ENGINE_COMPACTION_PICKER_H_

#include <map>
#include <vector>

#include "engine/region_meta_action.h"

namespace hookcheck::engine {

struct PickerOutput {
  std::vector<FileMeta> expired;
  // Merge outputs: output i merges inputs 2i and 2i+1 (the last may be single).
  std::vector<std::vector<FileMeta>> outputs;

  bool empty() const { return expired.empty() && outputs.empty(); }
};

// `files`: the live files. `expire_before` 0: nothing expires.
PickerOutput PickCompaction(const std::map<FileId, FileMeta>& files, uint8_t expire_before);

// The merged file of `inputs` with id `id`: rows summed, ts range the union, level 1.
FileMeta MergeOutputMeta(FileId id, const std::vector<FileMeta>& inputs);

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_COMPACTION_PICKER_H_
