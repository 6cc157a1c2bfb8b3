// File: model/expectation.h
// Defines `ExpectedCall` and `Expectation`: what one op must fire, in which order, with which
// payload, and what it must return.
// Thread-safety: immutable values.
#ifndef HOOKCHECK_MODEL_EXPECTATION_H_
#define HOOKCHECK_MODEL_EXPECTATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/types.h"

namespace hookcheck::model {

struct ExpectedCall {
  Callback callback = Callback::kManifestUpdated;
  // SFW: the files written, ascending. GC: RegionGcInfo::removed_files, ascending.
  std::vector<FileId> files;
  // SFW: what each file of `files` holds, same order; always filled for SFW.
  std::vector<SstFileInfo> file_infos;
  // GC: RegionGcInfo::is_region_dropped and ::full_file_listing.
  bool gc_region_dropped = false;
  bool gc_full_listing = false;
  Version version = 0;          // MU: the committed manifest version
  std::vector<Action> actions;  // MU: the committed action list, in order
  // Calls with the same non-zero group are consecutive and may arrive in any order among
  // themselves (index builds: "one MU per file, in any order"); their versions are then matched
  // as a set. 0: this call is ordered.
  uint8_t unordered_group = 0;
  // The call is made on the remote compactor node (CompactRemote), whose version counter is its
  // own snapshot's, so it is exempt from the per-instance monotonic-version rule.
  bool on_compactor = false;
  // Why the call fires, for diffs: "flush", "ttl", "merge", "staging edit", "promotion", ...
  // Always a string literal (static storage), so the view never dangles and copying a call
  // copies no characters. Compared by content.
  std::string_view why;

  friend bool operator==(const ExpectedCall&, const ExpectedCall&) = default;
};

struct Expectation {
  ErrorCode result = ErrorCode::kOk;
  std::vector<ExpectedCall> calls;  // in firing order: SFW before its MU, MU versions ascending
  // The op built a new region instance (Open, Create on a closed region, Catchup's reopen): the
  // counter was read back from the live dir, so the MU version run of the trace starts again.
  bool new_instance = false;

  friend bool operator==(const Expectation&, const Expectation&) = default;
};

// "SFW [3]", "MU v5 [Edit(+3 -)]" ...
std::string ToString(const ExpectedCall& c);
// "Ok: SFW [3] -> MU v5 [Edit(+3)]", or "RegionState: nothing".
std::string ToString(const Expectation& e);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_EXPECTATION_H_
