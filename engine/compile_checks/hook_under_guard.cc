// A compile check (engine/compile_checks/CMakeLists.txt), not a test binary: firing a hook with
// the region's manifest lock held must not build. Built once as is (must compile clean: the lock
// is taken and released before the call) and once with HOOKCHECK_BREAK defined (the call moves
// inside the guard: must fail with "cannot call function ... while mutex ... is held").
// HOOKCHECK_GUARD is ManifestWriteGuard or ManifestReadGuard.
#include <memory>

#include "engine/region.h"

namespace hookcheck::engine {

// The shape of the engine's SFW sites (flush_task.cc, compaction_task.cc).
void FireSstWritten(const std::shared_ptr<Region>& r) {
  {
    HOOKCHECK_GUARD guard(&r->ctx->manifest_mu(), "compile_check");
#ifdef HOOKCHECK_BREAK
    r->ctx->InvokeHook([](RegionHook& h) { h.OnSstFilesWritten(1, {}); });
#endif
  }
#ifndef HOOKCHECK_BREAK
  r->ctx->InvokeHook([](RegionHook& h) { h.OnSstFilesWritten(1, {}); });
#endif
}

}  // namespace hookcheck::engine
