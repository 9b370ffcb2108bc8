#!/usr/bin/env bash
# README command 1: set up a fresh Debian 12 machine, build kiln, and run the
# main job over every example kernel (shared/examples and examples/).
#
# kilnd (the gRPC daemon with its embedded worker and SQLite cache) is not
# built yet, so this drives kiln's local pipeline directly: for each kernel
# it prints the canonical digest, compiles it for KILN_TARGET (default sm_90)
# on the built-in path with `kiln compile --local`, and lists the artifacts
# and diagnostics. When kilnd lands, this script starts it on 127.0.0.1 and
# compiles through it instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/deploy/install-deps.sh"
BUILD_DIR=build "$root/deploy/build.sh"

kiln="$root/build/bin/kiln"
shared="${KILN_SHARED_DIR:-$root/../shared}"
examples=("$shared"/examples/*.mlir "$root"/examples/*.mlir)

target="${KILN_TARGET:-sm_90}"
out="$root/build/main-job"
rm -rf "$out"

echo
echo "== kiln main job: local pipeline (kilnd not available yet), target $target =="
status=0
for file in "${examples[@]}"; do
  [ -f "$file" ] || continue
  name="$(basename "$file" .mlir)"
  echo "-- $name"
  if ! "$kiln" verify "$file"; then status=1; continue; fi
  printf '   digest   %s\n' "$("$kiln" digest "$file")"
  if "$kiln" compile --local "$file" --target "$target" --emit ptx,cubin,cuda -o "$out/$name"; then
    for artifact in "$out/$name"/*; do
      printf '   %-8s %s (%s bytes)\n' "${artifact##*.}" "$artifact" "$(stat -c %s "$artifact")"
    done
  else
    status=1
  fi
done
exit $status
