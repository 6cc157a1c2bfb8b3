#include "engine/compaction_picker.h"

#include <algorithm>

namespace hookcheck::engine {

PickerOutput PickCompaction(const std::map<FileId, FileMeta>& files, uint8_t expire_before) {
  PickerOutput out;
  std::vector<FileMeta> candidates;
  for (const auto& [id, f] : files) {  // ascending id
    if (expire_before != 0 && f.max_ts < expire_before) {
      out.expired.push_back(f);
    } else {
      candidates.push_back(f);
    }
  }
  if (candidates.size() >= 2) {
    for (size_t i = 0; i < candidates.size(); i += 2) {
      std::vector<FileMeta> group{candidates[i]};
      if (i + 1 < candidates.size()) group.push_back(candidates[i + 1]);
      out.outputs.push_back(std::move(group));
    }
  }
  return out;
}

FileMeta MergeOutputMeta(FileId id, const std::vector<FileMeta>& inputs) {
  FileMeta m;
  m.file_id = id;
  m.level = 1;
  m.min_ts = 255;
  m.max_ts = 0;
  for (const FileMeta& f : inputs) {
    m.num_rows += f.num_rows;
    m.min_ts = std::min(m.min_ts, f.min_ts);
    m.max_ts = std::max(m.max_ts, f.max_ts);
    m.sequence = std::max(m.sequence, f.sequence);
    m.partition_expr = f.partition_expr;
  }
  if (inputs.empty()) m.min_ts = 0;
  return m;
}

}  // namespace hookcheck::engine
