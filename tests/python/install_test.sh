#!/usr/bin/env bash
# The kiln package installs offline, with Debian's python3, into a fresh
# virtualenv, exactly as the README says, and imports from there.
#   install_test.sh PYTHON3 BUILD_DIR
set -euo pipefail
python="$1"
build="$2"
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
# Debian's setuptools and wheel, seen from the venv, build the package:
# nothing is downloaded.
"$python" -m venv --system-site-packages "$venv"
"$venv/bin/python" -m pip install --quiet --no-index --no-build-isolation "$build/python"
cd /  # not the checkout: the installed copy must be the one imported
"$venv/bin/python" -c 'import kiln, os; assert kiln.abi_version() == 1; print("kiln from", os.path.dirname(kiln.__file__))'
