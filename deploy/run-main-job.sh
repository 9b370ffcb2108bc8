#!/usr/bin/env bash
# README command 1: set up a fresh Debian 12 machine, build kiln, and run the
# main job over every example kernel (shared/examples and examples/).
#
# kilnd (the gRPC daemon with its embedded worker) is not built yet, so this
# drives kiln's local pipeline with the SQLite artifact cache: for each
# kernel it prints the canonical digest, compiles it for KILN_TARGET (default
# sm_90) on the built-in path with `kiln compile --local --cache`, lists the
# artifacts, then compiles it again to show the cache hit with identical
# artifacts. It ends with `kiln cache stats` and `kiln cache verify`. When
# kilnd lands, this script starts it on 127.0.0.1 and compiles through it.
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
db="$out/cache.db"
rm -rf "$out"
mkdir -p "$out"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo
echo "== kiln main job: local pipeline + artifact cache (kilnd not available yet), target $target =="
status=0
for file in "${examples[@]}"; do
  [ -f "$file" ] || continue
  name="$(basename "$file" .mlir)"
  echo "-- $name"
  if ! "$kiln" verify "$file"; then status=1; continue; fi
  printf '   digest   %s\n' "$("$kiln" digest "$file")"
  compile=("$kiln" compile --local --cache "$db" "$file" --target "$target" --emit ptx,cubin,cuda)
  start=$(now_ms)
  if ! "${compile[@]}" -o "$out/$name"; then status=1; continue; fi
  miss_ms=$(( $(now_ms) - start ))
  for artifact in "$out/$name"/*; do
    printf '   %-8s %s (%s bytes)\n' "${artifact##*.}" "$artifact" "$(stat -c %s "$artifact")"
  done
  start=$(now_ms)
  report="$("${compile[@]}" -o "$out/$name.again" --json)" || status=1
  hit_ms=$(( $(now_ms) - start ))
  hit="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["cache"]["hit"])' <<<"$report")"
  same=yes
  for artifact in "$out/$name"/*; do
    cmp -s "$artifact" "$out/$name.again/$(basename "$artifact")" || same=no
  done
  printf '   cache    first run %s ms (miss), second run %s ms (hit: %s), identical artifacts: %s\n' \
    "$miss_ms" "$hit_ms" "$hit" "$same"
  if [ "$hit" != "True" ] || [ "$same" != yes ]; then status=1; fi
done

echo
echo "== kiln cache stats --db $db =="
"$kiln" cache stats --db "$db" || status=1
echo "== kiln cache verify --db $db =="
"$kiln" cache verify --db "$db" || status=1
exit $status
