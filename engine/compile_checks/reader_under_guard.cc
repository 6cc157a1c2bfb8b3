// A compile check (engine/compile_checks/CMakeLists.txt), not a test binary: calling a manifest
// reader while holding the manifest lock must not build (the lock is not re-entrant: the call
// would wait on its own caller). Built once as is (the read comes after the guard: must compile
// clean) and once with HOOKCHECK_BREAK defined (the read inside the guard: must fail). The mutant
// manifest_read_under_write makes this call through a helper the analysis cannot see into.
// HOOKCHECK_GUARD is ManifestWriteGuard or ManifestReadGuard.
#include "engine/manifest_context.h"

namespace hookcheck::engine {

// The shape of a commit that reads its version back (manifest_context.cc).
Version CommitThenReadBack(ManifestContext& ctx) {
  Version v = 0;
  {
    HOOKCHECK_GUARD guard(&ctx.manifest_mu(), "compile_check");
#ifdef HOOKCHECK_BREAK
    v = ctx.LastVersion();
#endif
  }
#ifndef HOOKCHECK_BREAK
  v = ctx.LastVersion();
#endif
  return v;
}

}  // namespace hookcheck::engine
