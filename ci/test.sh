#!/usr/bin/env bash
# The test suite: installs what is missing, builds, runs every test (model, engine, scenarios,
# properties, model checker), then builds the tsan preset and runs the concurrency-sensitive
# suites (engine and scenarios) under ThreadSanitizer.
# Usage: ci/test.sh [--no-tsan]
set -euo pipefail
cd "$(dirname "$0")/.."

run_tsan=1
for arg in "$@"; do
  case "$arg" in
    --no-tsan) run_tsan=0 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "ci/test.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

bash ci/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default -j2
ctest --preset default

if ((run_tsan)); then
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j2 --target hookcheck_engine_test hookcheck_scenarios_test
  ctest --preset tsan
fi
