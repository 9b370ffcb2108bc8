#!/usr/bin/env bash
# Installs kiln's build and test dependencies from Debian 12 packages.
# Idempotent: packages already present are skipped, and `apt-get update`
# runs only when something is missing and the package lists are stale or absent.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  llvm-16-dev libmlir-16-dev mlir-16-tools
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  libsqlite3-dev sqlite3 libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libzstd-dev libssl-dev
  bubblewrap
  # The fuzz stage: clang++ -fsanitize=fuzzer; the runtime (libFuzzer, ASan)
  # is only a Recommends of clang, which --no-install-recommends skips.
  clang libclang-rt-dev
  # tests/producers: deploy/python/setup-venv.sh builds .venv-producers/ with
  # `python3 -m venv` (Triton from PyPI); nothing goes into the system Python.
  python3 python3-venv
  # The Python package (client/python/, ctypes over libkiln): its tests,
  # and the wheel step of its offline pip install.
  python3-pytest python3-wheel
  # bench/run-startup-bench.sh: process start times, against /bin/true.
  hyperfine
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "install-deps: installing ${missing[*]}"
# Refresh the lists only when they are missing or older than a day.
lists=/var/lib/apt/lists
if [ -z "$(find "$lists" -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null | head -n 1)" ]; then
  $SUDO apt-get update -q
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
