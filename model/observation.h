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
  // The engine reported the staged actions' payload fields. False only for a process engine whose
  // observe reply has no "payloads": true: Diff then compares the staged actions by shape.
  bool payloads_reported = true;

  friend bool operator==(const Observation&, const Observation&) = default;
};

std::string ToString(const Observation& o);
// One line per differing field: "live_files: model [3,4] engine [3]". Empty iff equal, but for
// the payload fields of staged actions the engine did not report (payloads_reported).
std::string Diff(const Observation& model, const Observation& engine);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_OBSERVATION_H_
