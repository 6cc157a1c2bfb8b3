// Implements LockTracker: one pass over the stream, holds kept per lock and thread.
#include "engine/lock_tracker.h"

namespace hookcheck::engine {
namespace {

std::string HoldText(LockHeld mode, uint64_t seq, const std::string& site) {
  std::string out =
      "the manifest " + std::string(Name(mode)) + " lock (acquired at seq " + std::to_string(seq);
  if (!site.empty()) out += ", site '" + protocol::Excerpt(site, 40) + "'";
  return out + ")";
}

}  // namespace

const LockTracker::Hold* LockTracker::Strongest(uint64_t thread) const {
  const Hold* best = nullptr;
  for (const auto& [lock, threads] : holders_) {
    auto it = threads.find(thread);
    if (it == threads.end()) continue;
    if (best == nullptr || (it->second.mode == LockHeld::kWrite && best->mode == LockHeld::kRead))
      best = &it->second;
  }
  return best;
}

std::string LockTracker::ReadLock(const LockEvent& e, const std::string& path) {
  const std::string who =
      path + " (lock " + std::to_string(e.lock) + ", thread " + std::to_string(e.thread) + ")";
  std::map<uint64_t, Hold>& threads = holders_[e.lock];
  auto mine = threads.find(e.thread);
  if (!e.acquire) {
    if (mine == threads.end() || mine->second.mode != e.mode) {
      return who + ": releases the " + std::string(Name(e.mode)) +
             " lock, which the thread does not hold";
    }
    threads.erase(mine);
    return "";
  }
  if (mine != threads.end()) {
    return who + ": acquires the lock again while holding " +
           HoldText(mine->second.mode, mine->second.seq, mine->second.site) +
           "; it is not re-entrant";
  }
  for (const auto& [thread, hold] : threads) {
    if (e.mode == LockHeld::kWrite || hold.mode == LockHeld::kWrite) {
      return who + ": acquires the " + std::string(Name(e.mode)) + " lock while thread " +
             std::to_string(thread) + " holds " + HoldText(hold.mode, hold.seq, hold.site);
    }
  }
  threads[e.thread] = Hold{e.mode, e.seq, e.site};
  return "";
}

std::string LockTracker::Read(const std::vector<protocol::TraceEntry>& entries,
                              const std::string& where, std::vector<HookEvent>* out) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const protocol::TraceEntry& entry = entries[i];
    const std::string path = where + "[" + std::to_string(i) + "]";
    const uint64_t seq = entry.is_lock ? entry.lock.seq : entry.callback.seq;
    if (seq != next_seq_) {
      return path + ": seq " + std::to_string(seq) + ", expected " + std::to_string(next_seq_) +
             " (callbacks and lock events share one counter, from 1, rising by 1)";
    }
    ++next_seq_;
    if (entry.is_lock) {
      if (std::string problem = ReadLock(entry.lock, path); !problem.empty()) return problem;
      continue;
    }
    HookEvent e = entry.callback;
    const Hold* hold = Strongest(e.thread);
    const LockHeld derived = hold ? hold->mode : LockHeld::kNone;
    if (entry.lock_held_given && e.lock_held != derived) {
      return path + " (callback seq " + std::to_string(seq) + ", thread " +
             std::to_string(e.thread) + ") reports lock_held \"" + std::string(Name(e.lock_held)) +
             "\", but its lock events show it holds " +
             (hold ? HoldText(hold->mode, hold->seq, hold->site) : std::string("no manifest lock"));
    }
    e.lock_held = derived;
    e.lock_site = hold ? hold->site : "";
    out->push_back(std::move(e));
  }
  return "";
}

}  // namespace hookcheck::engine
