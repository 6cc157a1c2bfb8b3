#!/usr/bin/env bash
# Runs each libFuzzer target of the fuzz preset for SECONDS (default 10) from its checked-in
# seed corpus (fuzz/corpus/NAME, never written) with its dictionary. New inputs go to
# build/fuzz/corpus/NAME, crashes to build/fuzz/artifacts/. Exits non-zero on the first crash.
# Usage: fuzz/run.sh [SECONDS [TARGET...]]   (build first: cmake --preset fuzz && cmake --build --preset fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_sequence_text fuzz_protocol fuzz_shard_report)
# intercept_tls_get_addr=0: see docs/configuration.md (LeakSanitizer's tracer crash at exit).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1 detect_leaks=1 intercept_tls_get_addr=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1 print_stacktrace=1}
mkdir -p build/fuzz/artifacts
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$t"
  log="build/fuzz/$t.log"
  if ! "build/fuzz/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -dict="fuzz/$t.dict" -artifact_prefix="build/fuzz/artifacts/$t-" -print_final_stats=1 \
      "build/fuzz/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz/run.sh: $t crashed; the input is in build/fuzz/artifacts/ (docs/fuzzing.md)" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  echo "fuzz/run.sh: $t: $runs executions in ${seconds} s, no crash"
done
