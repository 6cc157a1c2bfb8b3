// File: cli/self.h
// Defines `Self()`, how reproduction commands name this program: the path it was started with,
// made absolute, so a printed command runs as it is from any directory.
// Thread-safety: SetSelf is called once, at the start of main, before any Self().
#ifndef HOOKCHECK_CLI_SELF_H_
#define HOOKCHECK_CLI_SELF_H_

#include <string>

namespace hookcheck::cli {

// Records `argv0`. A bare name (found on PATH) is kept as it is.
void SetSelf(const char* argv0);
// "/home/me/hookcheck/build/default/cli/hookcheck", or "hookcheck" before SetSelf.
const std::string& Self();

}  // namespace hookcheck::cli

#endif  // HOOKCHECK_CLI_SELF_H_
