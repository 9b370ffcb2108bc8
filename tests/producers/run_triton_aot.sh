#!/usr/bin/env bash
# CTest's entry to triton_aot_test.py: builds (or reuses) the producer venv,
# starts a kilnd for kiln-ptxas, and runs Triton with the real ptxas and with
# kiln-ptxas, requiring byte-identical cubins.
#
#   run_triton_aot.sh [--bin-dir DIR] [triton_aot_test.py options, e.g. --corpus-dir DIR]
#
# The candidate is $BIN_DIR/kiln-ptxas talking to a kilnd this script starts
# (embedded worker, 127.0.0.1, a fresh data dir), unless KILN_PTXAS names
# another ptxas-compatible tool: then that is used as it is and no kilnd is
# started (KILN_PTXAS=/usr/local/cuda/bin/ptxas checks the harness alone).
#
# Exit status: 0 pass; 77 skipped (printed why: PyPI unreachable, or no venv
# can be built on this machine); anything else fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$root/build/bin"
if [ "${1:-}" = "--bin-dir" ]; then bin="$(cd "$2" && pwd)"; shift 2; fi
reference="${REFERENCE_PTXAS:-/usr/local/cuda/bin/ptxas}"
SKIP=77

# ---- kiln-ptxas and its kilnd: all this harness knows about them ---------
kiln_ptxas="$bin/kiln-ptxas"
kilnd_address_env=KILN_SERVER    # the variable kiln-ptxas reads kilnd's address from (client_config.h)
start_kilnd() {                  # $1: a scratch folder; exports $kilnd_address_env
  "$bin/kilnd" --listen 127.0.0.1:0 --data-dir "$1/kilnd-data" --port-file "$1/kilnd.port" \
    2>>"$1/kilnd.log" &
  kilnd_pid=$!
  for _ in $(seq 400); do
    [ -s "$1/kilnd.port" ] && break
    if ! kill -0 "$kilnd_pid" 2>/dev/null; then
      cat "$1/kilnd.log" >&2; echo "run_triton_aot: FAIL: kilnd did not start" >&2; exit 1
    fi
    sleep 0.05
  done
  [ -s "$1/kilnd.port" ] || { echo "run_triton_aot: FAIL: kilnd wrote no port in 20 s" >&2; exit 1; }
  export "$kilnd_address_env=127.0.0.1:$(cat "$1/kilnd.port")"
  echo "run_triton_aot: kilnd (pid $kilnd_pid) at ${!kilnd_address_env}, log $1/kilnd.log"
}
# ---------------------------------------------------------------------------

kilnd_pid=""
scratch="$(mktemp -d "${TMPDIR:-/tmp}/kiln-triton-aot.XXXXXX")"
cleanup() {
  if [ -n "$kilnd_pid" ]; then kill -TERM "$kilnd_pid" 2>/dev/null || true; wait "$kilnd_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

set +e
python="$("$root/deploy/python/setup-venv.sh" | tail -n 1)"
rc=${PIPESTATUS[0]}
set -e
case $rc in
  0) ;;
  3) echo "run_triton_aot: SKIP: PyPI is unreachable, so the pinned triton cannot be installed (see setup-venv above)"
     exit $SKIP ;;
  4) echo "run_triton_aot: SKIP: no Python virtualenv can be built on this machine (see setup-venv above)"
     exit $SKIP ;;
  *) echo "run_triton_aot: FAIL: deploy/python/setup-venv.sh failed with status $rc" >&2; exit 1 ;;
esac

if [ ! -x "$reference" ]; then
  echo "run_triton_aot: FAIL: no reference ptxas at $reference (set REFERENCE_PTXAS)" >&2; exit 1
fi

if [ -n "${KILN_PTXAS:-}" ]; then
  candidate="$KILN_PTXAS"
  echo "run_triton_aot: KILN_PTXAS=$candidate is the candidate; no kilnd started"
else
  if [ ! -x "$kiln_ptxas" ]; then
    echo "run_triton_aot: FAIL: $kiln_ptxas is not built; this test compares it with $reference" \
         "(KILN_PTXAS=PATH runs the harness against another ptxas instead)" >&2
    exit 1
  fi
  candidate="$kiln_ptxas"
  start_kilnd "$scratch"
fi

"$python" "$here/triton_aot_test.py" --reference-ptxas "$reference" --candidate-ptxas "$candidate" "$@"
