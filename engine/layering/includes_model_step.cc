// A layering check (cmake/include_check.cmake), not part of any library: the engine sees the
// model's vocabulary (ops, results, observations) but not the model proper, so it cannot ask
// model::Step what to fire. As is it compiles with hookcheck_engine's include directories; with
// HOOKCHECK_BREAK its include of model/step.h must not be found.
#include "engine/engine.h"
#include "model/op.h"
#ifdef HOOKCHECK_BREAK
#include "model/step.h"
#endif

namespace hookcheck::engine {
model::ErrorCode LayeringCheck(Engine& e, const model::Command& c) { return e.Submit(c); }
}  // namespace hookcheck::engine
