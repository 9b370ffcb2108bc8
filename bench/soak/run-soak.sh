#!/usr/bin/env bash
# kiln soak (issue #13): SOAK_COMPILES compiles (default 1,000) from
# SOAK_CLIENTS client threads (default 4) against kilnd on 127.0.0.1, while a
# chaos thread kill -9s remote kiln-workers, job children, kilnd's local
# worker and kilnd itself (restarted on the same data dir and port), with
# ~10% hostile requests mixed in. Checks: 0 wrong artifacts, 0 lost
# acknowledged results, integrity_check ok, kilnd never down except when
# killed. Writes bench/results/soak.md (and soak-events.log, every chaos
# event with its time).
#
#   bench/soak/run-soak.sh                      # the full run
#   SOAK_COMPILES=100 bench/soak/run-soak.sh    # a quick one
#   bench/soak/run-soak.sh -v --seed 7          # extra arguments go to soak.py
#
# Environment: BUILD_DIR (default build/), KILN_SHARED_DIR (default ../shared),
# SOAK_COMPILES, SOAK_CLIENTS, SOAK_SECONDS (overall bound, default 900; past
# it the run stops and fails), SOAK_REPORT (default bench/results/soak.md),
# SOAK_KEEP=1 keeps the temp folder (logs of every kilnd and worker).
# Exit status: 0 every claim holds, 1 a claim failed, 2 setup failed or time ran out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="${BUILD_DIR:-$root/build}/bin"
shared="${KILN_SHARED_DIR:-$root/../shared}"
report="${SOAK_REPORT:-$root/bench/results/soak.md}"
events="${report%.md}-events.log"
work="$(mktemp -d "${TMPDIR:-/tmp}/kiln-soak.XXXXXX")"
cleanup() { if [ "${SOAK_KEEP:-0}" = 1 ]; then echo "soak: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

# A private copy of the binaries: others may rebuild build/bin while we run.
mkdir -p "$work/bin"
for b in kiln kiln-local kilnd kiln-worker; do
  if [ ! -x "$src/$b" ] || [ ! -s "$src/$b" ]; then
    echo "soak: $src/$b is missing, empty or not executable (a build in progress?)" >&2
    exit 2
  fi
  cp "$src/$b" "$work/bin/$b"
  chmod 755 "$work/bin/$b"
done
"$work/bin/kilnd" --version >/dev/null

cmd="bench/soak/run-soak.sh${*:+ $*}"
envs=""
for v in BUILD_DIR KILN_SHARED_DIR SOAK_COMPILES SOAK_CLIENTS SOAK_SECONDS; do
  [ -n "${!v:-}" ] && envs="$envs$v=${!v} "
done
mkdir -p "$(dirname "$report")"
set +e
timeout --signal=TERM --kill-after=30 "$(( ${SOAK_SECONDS:-900} + 120 ))" \
  python3 "$root/bench/soak/soak.py" \
  --bin "$work/bin" --bin-source "$src" --examples "$shared/examples" --work "$work" \
  --report "$report" --events-out "$events" --command "$envs$cmd" \
  --compiles "${SOAK_COMPILES:-1000}" --clients "${SOAK_CLIENTS:-4}" --seconds "${SOAK_SECONDS:-900}" "$@"
rc=$?
set -e
# Whatever still runs one of our copied binaries is ours: stop it.
for p in /proc/[0-9]*; do
  exe="$(readlink "$p/exe" 2>/dev/null || true)"
  case "$exe" in "$work/bin/"*) kill -9 "${p#/proc/}" 2>/dev/null || true ;; esac
done
exit $rc
