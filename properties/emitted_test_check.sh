#!/usr/bin/env bash
# Shows end to end that a failing property's outputs work: the printed RC_PARAMS reproduce line
# replays the same failure, and the TEST() source it writes compiles against the built
# libraries, fails on the mutant the counterexample was found against, and passes on the clean
# reference engine once the mutant line is dropped.
# Usage (ctest passes these): emitted_test_check.sh HOOKCHECK_BIN CXX CXX_FLAGS LINKER_FLAGS SOURCE_DIR LIB...
# CXX_FLAGS and LINKER_FLAGS are the build's CMAKE_CXX_FLAGS and CMAKE_EXE_LINKER_FLAGS (one
# argument each, split on spaces), so a sanitizer build's libraries link.
set -euo pipefail
hookcheck=$1 cxx=$2 source_dir=$5
read -r -a cxx_flags <<<"$3"
read -r -a linker_flags <<<"$4"
shift 5
libs=("$@")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/empty-corpus" "$work/failures"

# 1. A failing property writes the counterexample (an empty corpus, so the random search runs).
if HOOKCHECK_SOURCE_DIR="$work/empty-corpus" HOOKCHECK_FAILURE_DIR="$work/failures" \
    "$hookcheck" property --mutant apply_staging_fires_once --seed 1 >"$work/property.log" 2>&1; then
  echo "FAIL: the property passed on mutant apply_staging_fires_once"; exit 1
fi
source_file=$(ls "$work"/failures/*_test.cc)
grep -q 'check.mutant = \*engine::ParseMutant("apply_staging_fires_once")' "$source_file" ||
  { echo "FAIL: $source_file does not name the mutant"; exit 1; }

# The reproduce line replays the same shrunk failure.
token=$(grep -o 'RC_PARAMS="reproduce=[^"]*"' "$work/property.log" | head -1 | sed 's/^RC_PARAMS="//; s/"$//')
[ -n "$token" ] || { echo "FAIL: no reproduce line in the property's output"; exit 1; }
HOOKCHECK_SOURCE_DIR="$work/empty-corpus" HOOKCHECK_FAILURE_DIR="$work/again" RC_PARAMS="$token" \
  "$hookcheck" property --mutant apply_staging_fires_once >"$work/again.log" 2>&1 && \
  { echo "FAIL: the reproduce line did not fail again"; exit 1; }
first=$(grep -m1 '^!!' "$work/property.log")
again=$(grep -m1 '^!!' "$work/again.log")
[ "$first" = "$again" ] || { echo "FAIL: reproduce gave '$again', the search gave '$first'"; exit 1; }

build() {  # build SRC OUT
  "$cxx" -std=c++20 "${cxx_flags[@]}" -O0 -I"$source_dir" "$1" "${libs[@]}" "${linker_flags[@]}" \
    -lgtest_main -lgtest -lpthread -o "$2"
}

# 2. As written: compiles, and fails on the mutant.
build "$source_file" "$work/on_mutant"
if "$work/on_mutant" >"$work/on_mutant.log" 2>&1; then
  echo "FAIL: the emitted test passed on the mutant"; cat "$work/on_mutant.log"; exit 1
fi

# 3. Without the mutant line (what a fix would land): passes on the clean engine.
sed '/check.mutant = /d' "$source_file" >"$work/clean_test.cc"
build "$work/clean_test.cc" "$work/on_clean"
if ! "$work/on_clean" >"$work/on_clean.log" 2>&1; then
  echo "FAIL: the emitted test failed on the clean engine"; cat "$work/on_clean.log"; exit 1
fi
echo "1 passed, 0 failed: the reproduce line replays the failure; $(basename "$source_file") compiles, fails on the mutant, passes on RefEngine"
