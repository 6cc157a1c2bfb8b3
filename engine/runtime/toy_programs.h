// File: engine/runtime/toy_programs.h
// Defines the toy concurrent programs the runtime's tests and bench/runtime_bench.cc check: each
// has a seeded bug and a switch that removes it, so a test can show that the checker catching
// the bug does not also flag the fixed program.
//   LostUpdate     two tasks increment a counter by read; sync point; write. Bug: no mutex.
//   LockInversion  two tasks take mutexes a and b. Bug: in opposite orders.
//   HookUnderLock  a commit fires a hook that reads the manifest. Bug: under the write lock.
// Thread-safety: each program runs as the main task of one run.
#ifndef HOOKCHECK_ENGINE_RUNTIME_TOY_PROGRAMS_H_
#define HOOKCHECK_ENGINE_RUNTIME_TOY_PROGRAMS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/runtime.h"
#include "engine/runtime/sync.h"

namespace hookcheck::runtime::toy {

enum class Bug : bool { kFixed, kSeeded };

// The lost update, at the schedule point between a read and its write. REQUIRES (kSeeded): the
// deterministic runtime; on threads the seeded program is a data race.
inline void LostUpdate(Runtime& rt, Bug bug) {
  int counter = 0;
  Mutex mu(&rt, "counter_mu");
  auto increment = [&] {
    std::unique_ptr<MutexLock> lock;
    if (bug == Bug::kFixed) lock = std::make_unique<MutexLock>(&mu, "Toy:Increment");
    const int seen = counter;
    TEST_SYNC_POINT("Toy:AfterRead");
    counter = seen + 1;
  };
  const TaskId a = rt.Spawn("inc1", increment);
  const TaskId b = rt.Spawn("inc2", increment);
  rt.Join(a, "Toy:JoinInc1");
  rt.Join(b, "Toy:JoinInc2");
  if (counter != 2) rt.Fail("lost update: counter is " + std::to_string(counter) + ", want 2");
}

// The dependencies that force the seeded LockInversion into its deadlock on any runtime: each
// task tries its second mutex only once the other holds its first.
inline std::vector<std::pair<std::string, std::string>> ForceInversion() {
  return {{"Inv:A:HoldsA", "Inv:B:BeforeLockA"}, {"Inv:B:HoldsB", "Inv:A:BeforeLockB"}};
}

inline void LockInversion(Runtime& rt, Bug bug) {
  Mutex a(&rt, "mutex a");
  Mutex b(&rt, "mutex b");
  const TaskId ab = rt.Spawn("ab", [&] {
    MutexLock first(&a, "Inv:A:LockA");
    TEST_SYNC_POINT("Inv:A:HoldsA");
    TEST_SYNC_POINT("Inv:A:BeforeLockB");
    MutexLock second(&b, "Inv:A:LockB");
  });
  const TaskId ba = rt.Spawn("ba", [&] {
    Mutex* first_mu = bug == Bug::kSeeded ? &b : &a;
    Mutex* second_mu = bug == Bug::kSeeded ? &a : &b;
    MutexLock first(first_mu, "Inv:B:LockFirst");
    TEST_SYNC_POINT("Inv:B:HoldsB");
    TEST_SYNC_POINT("Inv:B:BeforeLockA");
    MutexLock second(second_mu, "Inv:B:LockSecond");
  });
  rt.Join(ab, "Inv:JoinAb");
  rt.Join(ba, "Inv:JoinBa");
}

// A flush task commits under the manifest write lock and fires its hook; the hook reads the
// manifest as a real consumer would. A reader task reads the manifest meanwhile.
inline void HookUnderLock(Runtime& rt, Bug bug) {
  RwLock manifest(&rt, "manifest", LockRole::kManifest);
  int version = 0;
  auto hook = [&] {
    HookCallScope scope(&rt, "OnManifestUpdated");
    ReadGuard read(&manifest, "Hook:ReadManifest");
    if (version != 1) rt.Fail("the hook saw version " + std::to_string(version));
  };
  const TaskId flush = rt.Spawn("flush", [&] {
    {
      WriteGuard write(&manifest, "Flush:Commit");
      version = 1;
      if (bug == Bug::kSeeded) hook();
    }
    if (bug == Bug::kFixed) hook();
  });
  const TaskId reader = rt.Spawn("reader", [&] { ReadGuard read(&manifest, "Reader:Read"); });
  rt.Join(flush, "Hook:JoinFlush");
  rt.Join(reader, "Hook:JoinReader");
}

}  // namespace hookcheck::runtime::toy

#endif  // HOOKCHECK_ENGINE_RUNTIME_TOY_PROGRAMS_H_
