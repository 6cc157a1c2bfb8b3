// File: model/observation.h
// Defines `Observation`: the part of a region's state that both the model and an engine expose,
// compared after every step of a sequential check.
// Thread-safety: immutable values.
#ifndef HOOKCHECK_MODEL_OBSERVATION_H_
#define HOOKCHECK_MODEL_OBSERVATION_H_

#include <string>
#include <vector>

#include "model/types.h"

namespace hookcheck::model {

struct Observation {
  Presence presence = Presence::kOpen;
  RoleState role = RoleState::kWritable;  // meaningful iff presence == kOpen
  std::vector<FileId> live_files;         // files of the live manifest, ascending
  Version manifest_version = 0;           // the last version consumed (the shared counter)
  std::vector<Action> staged_actions;     // actions in the staging manifest, in version order
  PartitionExpr live_partition_expr = 0;  // 0: the live manifest has none

  friend bool operator==(const Observation&, const Observation&) = default;
};

std::string ToString(const Observation& o);
// One line per differing field: "live_files: model [3,4] engine [3]". Empty iff equal.
std::string Diff(const Observation& model, const Observation& engine);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_OBSERVATION_H_
