#!/usr/bin/env bash
# README command 1: set up a fresh Debian 12 machine, build kiln, and run the
# main job over every example kernel (shared/examples and examples/).
#
# kilnd (the gRPC daemon with its embedded worker and SQLite cache) is not
# built yet, so this drives kiln's local pipeline directly: it verifies each
# kernel and prints its diagnostics and canonical digest. When kilnd lands,
# this script starts it on 127.0.0.1 and compiles through it instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/deploy/install-deps.sh"
BUILD_DIR=build "$root/deploy/build.sh"

kiln="$root/build/bin/kiln"
shared="${KILN_SHARED_DIR:-$root/../shared}"
examples=("$shared"/examples/*.mlir "$root"/examples/*.mlir)

echo
echo "== kiln main job: local pipeline (kilnd not available yet) =="
status=0
for file in "${examples[@]}"; do
  [ -f "$file" ] || continue
  if "$kiln" verify -v "$file"; then
    printf '  digest %s\n' "$("$kiln" digest "$file")"
  else
    status=1
  fi
done
exit $status
