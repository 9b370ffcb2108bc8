#!/usr/bin/env bash
# Creates (or reuses) the project virtualenv for the producer tests and
# installs deploy/python/requirements-producers.txt into it, from PyPI only,
# with hashes required. Never touches the system Python.
#
#   deploy/python/setup-venv.sh [VENV_DIR]      (default: .venv-producers/ in the repo root,
#                                               or $KILN_PRODUCERS_VENV)
#   deploy/python/setup-venv.sh --tilelang [VENV_DIR]
#       requirements-tilelang.txt into .venv-tilelang/ instead (tilelang needs
#       PyPI's CUDA torch, ~5.7 GiB: not used by CTest; pins without hashes)
#
# Idempotent: when the venv already holds exactly these pins (a stamp keyed by
# the requirements file and the interpreter) it returns at once without the
# network. Prints the venv's python on its last line.
#
# Exit status: 0 ready; 3 PyPI unreachable; 4 no venv can be built here (no
# python3 >= 3.11, or python3 -m venv / ensurepip missing: Debian's
# python3-venv); 1 anything else (a bad pin or hash, a failed install).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requirements="$root/deploy/python/requirements-producers.txt"
venv="${KILN_PRODUCERS_VENV:-$root/.venv-producers}"
hashes=(--require-hashes)
if [ "${1:-}" = "--tilelang" ]; then
  shift
  requirements="$root/deploy/python/requirements-tilelang.txt"
  venv="$root/.venv-tilelang"
  hashes=()
fi
venv="${1:-$venv}"
python="${KILN_PYTHON:-python3}"
index="https://pypi.org/simple"

say() { echo "setup-venv: $*" >&2; }

if ! command -v "$python" >/dev/null 2>&1; then
  say "no $python on PATH"; exit 4
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  say "$("$python" --version 2>&1) is too old: triton 3.9 needs Python >= 3.11"; exit 4
fi

# One setup at a time per venv (two ctest runs may share it).
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9

want="$( { sha256sum <"$requirements"; "$python" -c 'import sys; print(sys.version, sys.base_prefix)'; } | sha256sum | cut -d' ' -f1)"
stamp="$venv/.kiln-requirements"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  say "$venv is up to date"
  echo "$venv/bin/python"
  exit 0
fi

if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  say "$python has no venv/ensurepip module (on Debian: apt-get install python3-venv)"; exit 4
fi

# Is PyPI there? (a pip run against a dead index spends minutes on retries)
probe='
import os, ssl, sys, urllib.request
cafile = os.environ.get("PIP_CERT") or None
try:
    ctx = ssl.create_default_context(cafile=cafile)
    urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/triton/", method="HEAD"), timeout=20, context=ctx)
except Exception as e:
    print(f"{type(e).__name__}: {e}")
    sys.exit(1)
'
if ! why="$("$python" -c "$probe" "$index" 2>&1)"; then
  say "PyPI ($index) is unreachable from here: $why"; exit 3
fi

started=$(date +%s)
rm -rf "$venv"
if ! "$python" -m venv "$venv"; then
  say "$python -m venv $venv failed"; rm -rf "$venv"; exit 4
fi

# PyPI only: no pip.conf, no find-links or extra indexes from the environment.
if ! env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_NO_INDEX -u PIP_REQUIRE_VIRTUALENV \
    PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$venv/bin/python" -m pip install --quiet --index-url "$index" "${hashes[@]}" --only-binary :all: \
    --timeout 60 -r "$requirements"; then
  say "pip could not install $requirements into $venv"; rm -rf "$venv"; exit 1
fi
echo "$want" >"$stamp"
say "installed $(grep -c '^[a-zA-Z]' "$requirements") pinned package(s) into $venv in $(( $(date +%s) - started )) s"
echo "$venv/bin/python"
