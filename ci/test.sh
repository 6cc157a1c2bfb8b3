#!/usr/bin/env bash
# The test suite: installs what is missing, checks the formatting (ci/format.sh), builds, runs
# every test (model, engine, scenarios, properties, model checker) and conform on the example engines (ci/examples.sh); builds the tsan
# preset and runs the concurrency-sensitive suites (engine, scenarios, runtime, C ABI example)
# under TSan; builds the asan preset and runs the whole suite under AddressSanitizer +
# UndefinedBehaviorSanitizer; builds the fuzz preset and runs each libFuzzer target for
# FUZZ_SECONDS (default 10) from its seed corpus (docs/fuzzing.md).
# Usage: ci/test.sh [--no-tsan] [--no-asan] [--no-fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."

run_tsan=1 run_asan=1 run_fuzz=1
for arg in "$@"; do
  case "$arg" in
    --no-tsan) run_tsan=0 ;;
    --no-asan) run_asan=0 ;;
    --no-fuzz) run_fuzz=0 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "ci/test.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# Each stage's wall time, so a slow CI run says where the time went.
stage_start=$SECONDS
stage() {
  echo "ci/test.sh: stage done in $((SECONDS - stage_start)) s: $1"
  stage_start=$SECONDS
}

bash ci/setup.sh
stage setup
bash ci/format.sh
cmake --preset default >/dev/null
cmake --build --preset default -j2
# JUnit XML for CI systems that show test reports (build/ is not in the source tree's git).
ctest --preset default --output-junit "$PWD/build/ctest-default.xml"
# The main check on both runtimes: the deterministic default, then real threads.
build/default/cli/hookcheck check
build/default/cli/hookcheck check --runtime threads
stage "default build and tests"
bash ci/examples.sh build/default/cli/hookcheck
stage examples

if ((run_tsan)); then
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j2 \
    --target hookcheck_engine_test hookcheck_scenarios_test hookcheck_runtime_test hookcheck_c_abi_test
  ctest --preset tsan --output-junit "$PWD/build/ctest-tsan.xml"
  stage tsan
fi

if ((run_asan)); then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j2
  ctest --preset asan --output-junit "$PWD/build/ctest-asan.xml"
  stage asan
fi

if ((run_fuzz)); then
  cmake --preset fuzz >/dev/null
  # The fuzz targets only: the libraries they compile in, not a third build of everything.
  cmake --build --preset fuzz -j2 --target hookcheck_fuzz
  bash fuzz/run.sh "${FUZZ_SECONDS:-10}"
  stage fuzz
fi
echo "ci/test.sh: all stages passed in $SECONDS s"
