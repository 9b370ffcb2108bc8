#!/usr/bin/env bash
# Configures and builds kiln into BUILD_DIR (default: build/), with ccache
# when present. Extra arguments go to cmake's configure step.
#   deploy/build.sh                       # RelWithDebInfo build in build/
#   BUILD_DIR=build-asan deploy/build.sh -DKILN_SANITIZE=address,undefined
#   BUILD_TARGETS="a b" deploy/build.sh   # only these targets
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
case "$build_dir" in /*) ;; *) build_dir="$root/$build_dir" ;; esac

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
else
  cmake "$build_dir" "$@" >/dev/null
fi
targets=()
for t in ${BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
