#!/usr/bin/env bash
# The main check: installs what is missing, builds, and checks the reference engine against the
# model (regression corpus, named scenarios, generated sequences, bounded exploration), then
# prints a summary. Extra arguments go to `hookcheck check` (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default -j2 --target hookcheck >/dev/null
exec ./build/default/cli/hookcheck check "$@"
