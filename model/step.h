// File: model/step.h
// Defines `Step`, the executable contract: from a region state and a command, the next state and
// the `Expectation` of what an engine must fire and return.
// Thread-safety: pure function.
#ifndef HOOKCHECK_MODEL_STEP_H_
#define HOOKCHECK_MODEL_STEP_H_

#include "model/config.h"
#include "model/expectation.h"
#include "model/op.h"
#include "model/region_state.h"

namespace hookcheck::model {

struct StepResult {
  RegionState next;
  Expectation expect;
};

// Role table: the role (or presence) after each op with default parameters, from a canonical
// state of each situation (memtable not empty; S entered with expr 1 and an empty remap blob),
// or the error it returns. Below V5 the V5 ops are Unsupported everywhere. This comment is the
// only copy: model/role_table_test.cc reads it from this file and checks Step against it cell by
// cell (an op column, then one whitespace-free cell per situation);
// the explorer reports, for every (situation, op kind) pair, the shortest sequence reaching it.
//
//   op                                           W              S              F              Dg             closed         dropped
//   Put ts=1                                     W              S              RegionState    RegionState    RegionNotFound RegionNotFound
//   Flush                                        W              S              RegionState    Dg             RegionNotFound RegionNotFound
//   CompactLocal                                 W              S              RegionState    RegionState    RegionNotFound RegionNotFound
//   CompactRemote                                W              S              RegionState    RegionState    RegionNotFound RegionNotFound
//   EditRegion                                   W              S              RegionBusy     RegionBusy     RegionNotFound RegionNotFound
//   CopyRegion                                   W              RegionState    RegionState    RegionState    RegionNotFound RegionNotFound
//   EnterStaging expr=1                          S              S              RegionState    RegionState    RegionNotFound RegionNotFound
//   Remap                                        RegionState    S              RegionState    RegionState    RegionNotFound RegionNotFound
//   ApplyStaging expr=1                          RegionState    W              RegionState    RegionState    RegionNotFound RegionNotFound
//   Alter                                        W              RegionState    RegionState    RegionState    RegionNotFound RegionNotFound
//   Truncate                                     W              RegionState    RegionState    RegionState    RegionNotFound RegionNotFound
//   BuildIndex                                   W              S              RegionState    RegionState    RegionNotFound RegionNotFound
//   Drop                                         dropped        dropped        RegionState    RegionState    RegionNotFound RegionNotFound
//   Close                                        closed         closed         closed         closed         closed         dropped
//   Open                                         W              S              F              Dg             F              RegionNotFound
//   Create                                       W              S              F              Dg             W              W
//   FollowerSync                                 RegionState    RegionState    F              RegionState    RegionNotFound RegionNotFound
//   Catchup                                      W              S              W              W              RegionNotFound RegionNotFound
//   Gc                                           W              S              F              Dg             RegionNotFound RegionNotFound
//   Checkpoint                                   W              S              F              Dg             RegionNotFound RegionNotFound
//   SetRole role=F                               F              F              F              F              RegionNotFound RegionNotFound
//   SetRole role=W                               W              W              W              W              RegionNotFound RegionNotFound
//   SetRole role=Dg                              Dg             Dg             F              Dg             RegionNotFound RegionNotFound
//   SetRoleGracefully target=leader              W              Unexpected     RegionState    RegionState    RegionNotFound RegionNotFound
//   SetRoleGracefully target=staging_leader      S              S              RegionState    RegionState    RegionNotFound RegionNotFound
//   SetRoleGracefully target=follower            F              F              F              F              RegionNotFound RegionNotFound
//   SetRoleGracefully target=downgrading_leader  Dg             Dg             F              Dg             RegionNotFound RegionNotFound
//   OfflineCleanup                               Unsupported    Unsupported    Unsupported    Unsupported    Unsupported    Unsupported
//   DiscardUnflushed                             Unsupported    Unsupported    Unsupported    Unsupported    Unsupported    Unsupported
//
// Under V5 (kHead) every row above holds, except the two V5 ops:
//   OfflineCleanup                               RegionBusy     RegionBusy     RegionBusy     RegionBusy     dropped        dropped
//   DiscardUnflushed                             W              RegionState    RegionState    RegionState    RegionNotFound RegionNotFound
//
// Every command is accepted in every state: a refusal is part of the contract (an error code and
// no callback), so there are no preconditions. Sequential semantics: the op and all its follow-on
// work run to completion before the next op starts.
StepResult Step(const RegionState& state, const Command& command, const ModelConfig& config);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_STEP_H_
