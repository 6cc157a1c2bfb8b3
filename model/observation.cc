// File: model/observation.cc
// Printer and field-by-field diff of the observation declared in model/observation.h.
#include "model/observation.h"

namespace hookcheck::model {

std::string ToString(const Observation& o) {
  std::string out(Name(o.presence));
  if (o.presence != Presence::kOpen) return out;
  out += " ";
  out += ShortName(o.role);
  out += " files " + ToString(o.live_files);
  out += " v" + std::to_string(o.manifest_version);
  out += " staged " + ToString(o.staged_actions);
  out += " expr " + std::to_string(o.live_partition_expr);
  return out;
}

std::string Diff(const Observation& model, const Observation& engine) {
  std::string out;
  auto line = [&out](std::string_view field, const std::string& m, const std::string& e) {
    out += field;
    out += ": model " + m + " engine " + e + "\n";
  };
  if (model.presence != engine.presence) {
    line("presence", std::string(Name(model.presence)), std::string(Name(engine.presence)));
  }
  if (model.role != engine.role) {
    line("role", std::string(Name(model.role)), std::string(Name(engine.role)));
  }
  if (model.live_files != engine.live_files) {
    line("live_files", ToString(model.live_files), ToString(engine.live_files));
  }
  if (model.manifest_version != engine.manifest_version) {
    line("manifest_version", std::to_string(model.manifest_version),
         std::to_string(engine.manifest_version));
  }
  auto shapes = [](std::vector<Action> actions) {
    for (Action& a : actions) ClearPayload(&a);
    return actions;
  };
  if (engine.payloads_reported ? model.staged_actions != engine.staged_actions
                               : shapes(model.staged_actions) != shapes(engine.staged_actions)) {
    // Actions that print alike differ in a payload field: show the fields too.
    auto text = [&](const std::vector<Action>& actions) {
      std::string out = ToString(actions);
      if (ToString(model.staged_actions) != ToString(engine.staged_actions)) return out;
      for (const Action& a : actions) out += " {" + PayloadString(a) + "}";
      return out;
    };
    line("staged_actions", text(model.staged_actions), text(engine.staged_actions));
  }
  if (model.live_partition_expr != engine.live_partition_expr) {
    line("live_partition_expr", std::to_string(model.live_partition_expr),
         std::to_string(engine.live_partition_expr));
  }
  return out;
}

}  // namespace hookcheck::model
