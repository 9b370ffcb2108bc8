#!/usr/bin/env bash
# Bounded libFuzzer runs over the oracle's text parsers: `kiln check` feeds
# them user files, so a crash there is a crash of the CLI. Builds each fuzzer
# with clang++ (ASan + UBSan) straight from its MLIR-free sources, then runs
# it for FUZZ_SECONDS (default 30) from the checked-in seed corpus.
#   tests/fuzz/run-fuzzers.sh
#   FUZZ_SECONDS=600 FUZZERS=ptx tests/fuzz/run-fuzzers.sh
#   FUZZ_BUILD_DIR=/tmp/fuzz tests/fuzz/run-fuzzers.sh   # default build-fuzz/
# Exits non-zero when a fuzzer finds a crash, hang, leak or out-of-memory,
# and prints the input that caused it. Inputs that reached new code land in
# FUZZ_BUILD_DIR/new/NAME/, never in the checkout; worth keeping ones go in
# with `FUZZER -merge=1 tests/fuzz/corpus/NAME FUZZ_BUILD_DIR/new/NAME`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
seconds="${FUZZ_SECONDS:-30}"
fuzzers="${FUZZERS:-ptx pto}"
cxx="${FUZZ_CXX:-clang++}"
# -max_total_time=0 means no limit: CI must never get that by accident.
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "run-fuzzers: FUZZ_SECONDS must be a positive number of seconds, not '$seconds'" >&2
  exit 2
fi

# Each fuzzer's sources, listed by hand: the CMake libraries around them pull
# in MLIR and gRPC, which neither needs and which are not built for libFuzzer.
sources_ptx=(
  tests/fuzz/ptx_fuzzer.cpp
  worker/oracle/ptx/ptx_frontend.cpp worker/oracle/ptx/shared_checks.cpp
  worker/oracle/checks/plan_findings.cpp
  worker/plan/memory_plan.cpp core/diagnostic.cpp
)
sources_pto=(
  tests/fuzz/pto_fuzzer.cpp
  worker/oracle/pto/pto_frontend.cpp worker/oracle/pto/pto_text.cpp
  worker/oracle/pto/pto_tile_type.cpp worker/oracle/pto/pto_function.cpp
  worker/oracle/checks/plan_oracle.cpp worker/oracle/checks/plan_findings.cpp
  worker/oracle/checks/plan_accesses.cpp worker/oracle/checks/op_kinds.cpp
  worker/oracle/checks/aliasing_check.cpp worker/oracle/checks/space_checks.cpp
  worker/oracle/checks/op_constraints.cpp worker/oracle/checks/dataflow_checks.cpp
  worker/oracle/checks/global_bounds_check.cpp
  worker/oracle/device/device_spec.cpp
  worker/plan/memory_plan.cpp worker/plan/offset_allocator.cpp
  core/diagnostic.cpp
)

flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$root")
compile=("$cxx")
if command -v ccache >/dev/null 2>&1; then compile=(ccache "$cxx"); fi

mkdir -p "$build/obj"
# clang is a declared dependency (deploy/install-deps.sh): a compiler without
# libFuzzer must fail the stage, not skip it.
probe="$build/obj/probe"
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char *, unsigned long) { return 0; }\n' > "$probe.cpp"
if ! "$cxx" "${flags[@]}" "$probe.cpp" -o "$probe" 2> "$probe.log"; then
  cat "$probe.log" >&2
  echo "run-fuzzers: '$cxx -fsanitize=fuzzer' does not link;" \
    "install clang and libclang-rt-dev (deploy/install-deps.sh)" >&2
  exit 2
fi

# Objects are shared between fuzzers and compiled nproc at a time; ccache
# makes a rerun with unchanged sources cheap.
declare -A objects=()
for name in $fuzzers; do
  list="sources_$name[@]"
  if ! declare -p "sources_$name" >/dev/null 2>&1; then
    echo "run-fuzzers: unknown fuzzer '$name' (known: ptx pto)" >&2
    exit 2
  fi
  for src in "${!list}"; do
    if [ ! -f "$root/$src" ]; then
      echo "run-fuzzers: $name needs $src, which does not exist" >&2
      exit 2
    fi
    objects["$src"]="$build/obj/${src//\//_}.o"
  done
done
echo "run-fuzzers: compiling ${#objects[@]} sources with $cxx"
pids=()
for src in "${!objects[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do sleep 0.2; done
  "${compile[@]}" "${flags[@]}" -c "$root/$src" -o "${objects[$src]}" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [ "$failed" -ne 0 ]; then
  echo "run-fuzzers: compile failed" >&2
  exit 1
fi

found=()
for name in $fuzzers; do
  list="sources_$name[@]"
  objs=()
  for src in "${!list}"; do objs+=("${objects[$src]}"); done
  bin="$build/${name}_fuzzer"
  "$cxx" "${flags[@]}" "${objs[@]}" -o "$bin"

  corpus="$root/tests/fuzz/corpus/$name"
  new="$build/new/$name"
  artifacts="$build/artifacts/$name"
  rm -rf "$new" "$artifacts"
  mkdir -p "$new" "$artifacts"
  dict=()
  if [ -f "$root/tests/fuzz/$name.dict" ]; then dict=(-dict="$root/tests/fuzz/$name.dict"); fi
  # libFuzzer adds new inputs to the first directory only, so the corpus in
  # the checkout is read and never written.
  echo "== fuzz $name: ${seconds} s =="
  start=$(date +%s)
  status=0
  # ASan's default 256 MiB quarantine let RSS creep toward -rss_limit_mb over
  # a few minutes of std::regex churn; 32 MiB keeps it flat and still holds
  # an input's freed blocks long enough to catch a use-after-free.
  ASAN_OPTIONS="quarantine_size_mb=32${ASAN_OPTIONS:+:$ASAN_OPTIONS}" UBSAN_OPTIONS=print_stacktrace=1 \
    "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 "${dict[@]}" \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$new" "$corpus" || status=$?
  echo "run-fuzzers: $name ran $(( $(date +%s) - start )) s, exit $status, $(find "$new" -type f | wc -l) new inputs"
  crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \))
  if [ "$status" -ne 0 ] || [ -n "$crashes" ]; then
    for f in $crashes; do
      echo "run-fuzzers: $name FAILED on $f (reproduce: $bin $f)" >&2
      found+=("$f")
    done
    if [ -z "$crashes" ]; then
      echo "run-fuzzers: $name exited $status without an artifact" >&2
      found+=("$name:exit-$status")
    fi
  fi
done

if [ ${#found[@]} -ne 0 ]; then
  echo "run-fuzzers: ${#found[@]} failing input(s):" >&2
  printf '  %s\n' "${found[@]}" >&2
  exit 1
fi
echo "run-fuzzers: no crashes in: $fuzzers"
