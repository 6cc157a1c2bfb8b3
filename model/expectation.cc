// File: model/expectation.cc
// Printers of the expected calls declared in model/expectation.h.
#include "model/expectation.h"

namespace hookcheck::model {

std::string ToString(const ExpectedCall& c) {
  std::string out;
  if (c.callback == Callback::kSstFilesWritten) {
    out = "SFW " + ToString(c.files);
  } else {
    out = "MU v" + std::to_string(c.version) + " " + ToString(c.actions);
  }
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
