// File: base/exit_codes.h
// Defines the exit codes of `hookcheck`, one per kind of outcome, so scripts can tell a contract
// violation from bad input or an engine that broke. In base/ because the
// matrix run of properties/ adds them up as well as the CLI. Listed in docs/configuration.md.
// Thread-safety: constants.
#ifndef HOOKCHECK_BASE_EXIT_CODES_H_
#define HOOKCHECK_BASE_EXIT_CODES_H_

namespace hookcheck {

inline constexpr int kExitPass = 0;       // everything checked conforms
inline constexpr int kExitViolation = 1;  // a check found a difference (a reproduction is printed)
inline constexpr int kExitBadInput = 2;   // bad flags, a malformed sequence file or token
inline constexpr int kExitUnknown = 3;    // a budget ran out before everything was checked
inline constexpr int kExitEngineBroke = 4;  // the engine crashed, hung or replied malformed data

}  // namespace hookcheck

#endif  // HOOKCHECK_BASE_EXIT_CODES_H_
