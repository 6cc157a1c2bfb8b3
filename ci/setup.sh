#!/usr/bin/env bash
# Installs every build and test dependency from Debian's packages. Idempotent: a second run
# installs nothing. Both README commands start with it, so they work on a fresh Debian 12 machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build
  clang libclang-rt-14-dev            # the tsan, asan and fuzz presets: the sanitizer and libFuzzer runtimes
  clang-format                        # ci/format.sh: the code is formatted as .clang-format says
  libgtest-dev libgmock-dev
  librapidcheck-dev
  libboost-graph-dev
  libboost-context-dev               # engine/runtime: the deterministic runtime's fibers
  nlohmann-json3-dev libcli11-dev
  libbenchmark-dev
  python3                             # the example engine (examples/python), ci/examples.sh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "ci/setup.sh: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
