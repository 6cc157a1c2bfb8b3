// File: engine/runtime/strategy.h
// Defines `Strategy`, how the deterministic runtime picks the next task at a decision (a
// schedule point where more than one task can run), with its text form:
//   random:SEED       uniformly among the runnable tasks, from a seeded RNG
//   pct:SEED:DEPTH    PCT (Burckhardt et al. 2010): random task priorities, DEPTH-1 random
//                     priority change points; finds a bug of depth DEPTH with probability
//                     >= 1/(n k^(DEPTH-1)) per run (n tasks, k steps)
//   dfs:K             every schedule with at most K preemptions, one run each (explore.h)
//   replay:CHOICES    the decisions of one run, one character each (0-9, a-z: the index of the
//                     chosen task among the runnable ones, ordered by task id); after the last,
//                     the default: the current task if it can run, else the lowest id
// Thread-safety: immutable value.
#ifndef HOOKCHECK_ENGINE_RUNTIME_STRATEGY_H_
#define HOOKCHECK_ENGINE_RUNTIME_STRATEGY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookcheck::runtime {

inline constexpr int kMaxPctDepth = 16;
inline constexpr int kMaxDfsPreemptions = 16;
inline constexpr int kMaxChoice = 35;  // 'z'

struct Strategy {
  enum class Kind : uint8_t { kRandom, kPct, kDfs, kReplay };
  Kind kind = Kind::kRandom;
  uint64_t seed = 0;             // random, pct
  int depth = 1;                 // pct: 1..kMaxPctDepth
  int preemptions = 0;           // dfs: 0..kMaxDfsPreemptions
  std::vector<uint8_t> choices;  // replay: each 0..kMaxChoice

  static Strategy Random(uint64_t seed) { return {Kind::kRandom, seed, 1, 0, {}}; }
  static Strategy Pct(uint64_t seed, int depth) { return {Kind::kPct, seed, depth, 0, {}}; }
  static Strategy Dfs(int preemptions) { return {Kind::kDfs, 0, 1, preemptions, {}}; }
  static Strategy Replay(std::vector<uint8_t> choices) {
    return {Kind::kReplay, 0, 1, 0, std::move(choices)};
  }
  bool operator==(const Strategy&) const = default;
};

// Nullopt and a one-line `*error` (quoting at most 40 bytes of `text`) when `text` is not one of
// the forms above.
std::optional<Strategy> ParseStrategy(std::string_view text, std::string* error);
// The text form; ParseStrategy(FormatStrategy(s)) == s.
std::string FormatStrategy(const Strategy& s);
// "replay:" and one character per choice. REQUIRES: every choice <= kMaxChoice.
std::string FormatReplay(const std::vector<uint8_t>& choices);

}  // namespace hookcheck::runtime

#endif  // HOOKCHECK_ENGINE_RUNTIME_STRATEGY_H_
