#!/usr/bin/env bash
# Checks that every C++ file of the project is formatted as .clang-format says (Google style,
# 100 columns). Prints each file that is not, and exits 1; `ci/format.sh --fix` rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."
fix=0
case "${1:-}" in
  --fix) fix=1 ;;
  "") ;;
  -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
  *) echo "ci/format.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.c')
if ((fix)); then
  clang-format -i "${files[@]}"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "ci/format.sh: $f is not formatted (ci/format.sh --fix)" >&2
    bad=1
  fi
done
((bad == 0)) && echo "ci/format.sh: ${#files[@]} files formatted"
exit "$bad"
