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
  // One Put: its row's timestamp bucket and the sequence number the write took (a WAL entry
  // carries its mutations' sequences, which replay restores).
  void Append(uint64_t entry_id, uint8_t ts, uint64_t sequence) {
    entries_[entry_id] = {ts, sequence};
  }
  // raft-engine's last index (log_store.rs latest_entry_id: last_index().unwrap_or(0)): the
  // highest entry still held, 0 once Obsolete has compacted every entry (memtable.rs span() is
  // None for an empty table), however high the ids written before were.
  uint64_t latest_entry_id() const { return entries_.empty() ? 0 : entries_.rbegin()->first; }
  // Deletes every entry with id <= `entry_id`.
  void Obsolete(uint64_t entry_id) {
    entries_.erase(entries_.begin(), entries_.upper_bound(entry_id));
  }
  // The last entry id replay_memtable reaches from `flushed_entry_id`: the highest id above it
  // still in the WAL, else `flushed_entry_id` itself.
  uint64_t LastReplayedEntryId(uint64_t flushed_entry_id) const {
    return entries_.upper_bound(flushed_entry_id) == entries_.end() ? flushed_entry_id
                                                                    : entries_.rbegin()->first;
  }
  // The rows of the entries with id > `flushed_entry_id`, in entry-id order.
  std::vector<uint8_t> ReplayAfter(uint64_t flushed_entry_id) const {
    std::vector<uint8_t> rows;
    for (auto it = entries_.upper_bound(flushed_entry_id); it != entries_.end(); ++it)
      rows.push_back(it->second.ts);
    return rows;
  }
  // The highest sequence replay_memtable restores from the entries after `flushed_entry_id`
  // (0: none replayed).
  uint64_t LastReplayedSequence(uint64_t flushed_entry_id) const {
    uint64_t out = 0;
    for (auto it = entries_.upper_bound(flushed_entry_id); it != entries_.end(); ++it) {
      out = std::max(out, it->second.sequence);
    }
    return out;
  }

 private:
  struct Entry {
    uint8_t ts;
    uint64_t sequence;
  };
  std::map<uint64_t, Entry> entries_;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_WAL_H_
