// A layering check (cmake/include_check.cmake), not part of any library: a model file sees the
// vocabulary and the model, never the engine. As is it compiles with hookcheck_model's include
// directories; with HOOKCHECK_BREAK its include of an engine header must not be found.
#include "model/step.h"
#ifdef HOOKCHECK_BREAK
#include "engine/engine.h"
#endif

namespace hookcheck::model {
StepResult LayeringCheck(const RegionState& s, const Command& c) { return Step(s, c, {}); }
}  // namespace hookcheck::model
