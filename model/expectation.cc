// File: model/expectation.cc
// Printers of the expected calls declared in model/expectation.h.
#include "model/expectation.h"

namespace hookcheck::model {

std::string ToString(const ExpectedCall& c) {
  std::string out =
      CallString(c.callback, c.files, c.version, c.actions, c.gc_region_dropped, c.gc_full_listing);
  if (c.on_compactor) out += " on compactor";
  if (c.unordered_group != 0) out += " unordered#" + std::to_string(c.unordered_group);
  return out;
}

std::string ToString(const Expectation& e) {
  std::string out(Name(e.result));
  out += ": ";
  if (e.calls.empty()) return out + "nothing";
  for (size_t i = 0; i < e.calls.size(); ++i) {
    if (i > 0) out += " -> ";
    out += ToString(e.calls[i]);
  }
  return out;
}

}  // namespace hookcheck::model
