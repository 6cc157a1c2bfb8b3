// A compile check (engine/compile_checks/CMakeLists.txt), not a test binary: firing a pending MU
// with the manifest lock it was written under still held must not build. Built once as is (the
// guard is gone before Fire: must compile clean) and once with HOOKCHECK_BREAK defined (Fire
// inside the guard: must fail). HOOKCHECK_GUARD is ManifestWriteGuard or ManifestReadGuard.
#include "engine/manifest_lock.h"
#include "engine/region_hook.h"

namespace hookcheck::engine {

void FirePending(ManifestLock& ml, PendingManifestHook pending) {
  {
    HOOKCHECK_GUARD guard(&ml, "compile_check");
#ifdef HOOKCHECK_BREAK
    std::move(pending).Fire(ml);
#endif
  }
#ifndef HOOKCHECK_BREAK
  std::move(pending).Fire(ml);
#endif
}

}  // namespace hookcheck::engine
