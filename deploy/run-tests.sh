#!/usr/bin/env bash
# README command 2: set up a fresh Debian 12 machine and run kiln's whole
# test suite: the normal build, then the sanitizer builds (ASan + UBSan for
# everything; TSan for the multi-threaded, multi-process code: the cache and
# kilnd's scheduler), then a bounded libFuzzer run over every reader of
# untrusted bytes: the oracle's PTX and PTO parsers, the AscendC source
# validations, the Tile IR front end and kilnd's request decoding
# (FUZZ_SECONDS per fuzzer, default 30: about two and a half minutes in all,
# plus the fuzzers' build).
# .ci/run calls this. Set KILN_SKIP_SANITIZERS=1 to run the normal build only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/deploy/install-deps.sh"

start=$(date +%s)
echo "== build (RelWithDebInfo) =="
BUILD_DIR=build "$root/deploy/build.sh"
echo "== tests =="
ctest --test-dir build --output-on-failure -j "$(nproc)"

if [ "${KILN_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== build (ASan + UBSan) =="
  BUILD_DIR=build-asan "$root/deploy/build.sh" -DKILN_SANITIZE=address,undefined -DKILN_BUILD_BENCH=OFF
  echo "== tests under ASan + UBSan =="
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$(nproc)"

  echo "== build (TSan: cache, scheduler) =="
  tsan_tests="cache_formats_test artifact_cache_test cache_errors_test cache_eviction_test
              cache_concurrency_test cache_crash_test cache_open_race_test scheduler_test"
  BUILD_DIR=build-tsan BUILD_TARGETS="$tsan_tests" "$root/deploy/build.sh" \
    -DKILN_SANITIZE=thread -DKILN_BUILD_BENCH=OFF
  echo "== tests under TSan =="
  for t in $tsan_tests; do
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 "$root/build-tsan/bin/$t" --gtest_brief=1
  done

  echo "== fuzz (libFuzzer + ASan + UBSan: PTX, PTO, Tile IR, requests) =="
  FUZZ_SECONDS="${FUZZ_SECONDS:-30}" FUZZ_BUILD_DIR=build-fuzz "$root/tests/fuzz/run-fuzzers.sh"
fi
echo "== all tests passed in $(( $(date +%s) - start )) s =="
