// File: engine/wal.h
// Defines `Wal`, the region's write-ahead log (raft-engine shaped): every Put appends an entry
// with its entry id; a successful flush obsoletes the entries up to its flushed entry id; Open
// replays the entries after the manifest's flushed entry id (opener.rs replay_memtable). A
// skip_wal region appends nothing (a no-op WAL), so its latest entry id stays 0.
// Thread-safety: owned by the worker loop thread.
#ifndef HOOKCHECK_ENGINE_WAL_H_
#define HOOKCHECK_ENGINE_WAL_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

namespace hookcheck::engine {

class Wal {
 public:
  void Append(uint64_t entry_id, uint8_t ts) {
    entries_[entry_id] = ts;
    latest_ = std::max(latest_, entry_id);
  }
  // The latest entry id ever written (raft-engine's last index; kept across Obsolete).
  uint64_t latest_entry_id() const { return latest_; }
  // Deletes every entry with id <= `entry_id`.
  void Obsolete(uint64_t entry_id) { entries_.erase(entries_.begin(), entries_.upper_bound(entry_id)); }
  // The rows of the entries with id > `flushed_entry_id`, in entry-id order.
  std::vector<uint8_t> ReplayAfter(uint64_t flushed_entry_id) const {
    std::vector<uint8_t> rows;
    for (auto it = entries_.upper_bound(flushed_entry_id); it != entries_.end(); ++it) rows.push_back(it->second);
    return rows;
  }

 private:
  std::map<uint64_t, uint8_t> entries_;
  uint64_t latest_ = 0;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_WAL_H_
