#!/usr/bin/env bash
# Bounded libFuzzer runs over the readers of untrusted input: the oracle's
# text parsers (ptx, pto: `kiln check` feeds them user files), kiln's
# AscendC validations (ascendc: every AscendC source a producer sends), the Tile IR
# front end (tile_ir: kilnd and every worker parse clients' IR with it) and
# kilnd's decoding of a CompileRequest (request). Builds each fuzzer with
# clang++ (ASan + UBSan) straight from its sources, then runs it for
# FUZZ_SECONDS (default 30) from the checked-in seed corpus (request's is
# binary: tests/fuzz/make-request-seeds.sh encodes it from request_seeds/).
#   tests/fuzz/run-fuzzers.sh
#   FUZZ_SECONDS=600 FUZZERS=ptx tests/fuzz/run-fuzzers.sh
#   FUZZ_BUILD_DIR=/tmp/fuzz tests/fuzz/run-fuzzers.sh   # default build-fuzz/
#   KILN_BUILD_DIR=/path/to/build tests/fuzz/run-fuzzers.sh   # default build/
# tile_ir and request link the uninstrumented libMLIR/libLLVM of llvm-16 and
# libprotobuf, and compile kiln's sources against the headers a normal CMake
# build generates (TableGen's worker/ir/*.inc, protoc's proto/kiln/v1/*.pb.*);
# KILN_BUILD_DIR must be a configured build of this checkout that has
# generated them (deploy/run-tests.sh builds build/ before fuzzing).
# Exits non-zero when a fuzzer finds a crash, hang, leak or out-of-memory,
# and prints the input that caused it. Inputs that reached new code land in
# FUZZ_BUILD_DIR/new/NAME/, never in the checkout; worth keeping ones go in
# with `FUZZER -merge=1 tests/fuzz/corpus/NAME FUZZ_BUILD_DIR/new/NAME`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
seconds="${FUZZ_SECONDS:-30}"
fuzzers="${FUZZERS:-ptx pto ascendc tile_ir request}"
kiln_build="${KILN_BUILD_DIR:-$root/build}"
case "$kiln_build" in /*) ;; *) kiln_build="$root/$kiln_build" ;; esac
llvm_dir="${FUZZ_LLVM_DIR:-/usr/lib/llvm-16}"
cxx="${FUZZ_CXX:-clang++}"
# -max_total_time=0 means no limit: CI must never get that by accident.
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "run-fuzzers: FUZZ_SECONDS must be a positive number of seconds, not '$seconds'" >&2
  exit 2
fi

# Each fuzzer's sources, listed by hand: the CMake libraries around them pull
# in MLIR and gRPC, which ptx and pto do not need and which are not built for
# libFuzzer. A source written build:PATH is PATH in KILN_BUILD_DIR (generated).
sources_ptx=(
  tests/fuzz/ptx_fuzzer.cpp
  worker/oracle/ptx/ptx_frontend.cpp worker/oracle/ptx/ptx_tokens.cpp worker/oracle/ptx/shared_checks.cpp
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
sources_ascendc=(
  tests/fuzz/ascendc_fuzzer.cpp
  worker/backends/ascend/validate/cpp_lexer.cpp worker/backends/ascend/validate/const_eval.cpp
  worker/backends/ascend/validate/pp_conditions.cpp worker/backends/ascend/validate/code_view.cpp
  worker/backends/ascend/validate/function_events.cpp worker/backends/ascend/validate/entry_check.cpp
  worker/backends/ascend/validate/include_check.cpp worker/backends/ascend/validate/sync_check.cpp
  worker/backends/ascend/validate/capacity_check.cpp worker/backends/ascend/validate/datacopy_align_check.cpp
  worker/backends/ascend/validate/queue_checks.cpp worker/backends/ascend/validate/ascendc_validation.cpp
  worker/backends/ascend/ascend_targets.cpp worker/oracle/device/device_spec.cpp
  worker/plan/memory_plan.cpp core/diagnostic.cpp
)
# kiln_ir and kiln_frontend as kilnd and kiln-worker link them.
sources_tile_ir_frontend=(
  worker/ir/tile_dialect.cpp worker/ir/tile_type.cpp worker/ir/tile_ops.cpp
  worker/ir/constant_op.cpp worker/ir/kernel_attrs.cpp worker/ir/kernel_rules.cpp
  worker/ir/registration.cpp worker/ir/canonical_digest.cpp worker/ir/mlir_diagnostics.cpp
  worker/ir/input_guard.cpp worker/ir/module_loader.cpp
  worker/pipeline/frontend.cpp
  core/diagnostic.cpp core/symbol_name.cpp
)
sources_tile_ir=(tests/fuzz/tile_ir_fuzzer.cpp "${sources_tile_ir_frontend[@]}")
sources_request=(
  tests/fuzz/request_fuzzer.cpp
  proto/convert/wire_convert.cpp core/emit_route.cpp core/emit.cpp core/input_kind.cpp
  worker/pipeline/input_digest.cpp worker/backends/source_digest.cpp worker/oracle/ptx/ptx_normal_form.cpp
  cache/digest.cpp
  build:proto/kiln/v1/common.pb.cc build:proto/kiln/v1/compiler.pb.cc build:proto/kiln/v1/worker.pb.cc
  "${sources_tile_ir_frontend[@]}"
)
# What a fuzzer links beyond its objects, and which generated headers it needs.
mlir_libs=("$llvm_dir/lib/libMLIR.so" "$llvm_dir/lib/libLLVM-16.so" -Wl,-rpath,"$llvm_dir/lib" -lcrypto)
libs_tile_ir=("${mlir_libs[@]}")
libs_request=("${mlir_libs[@]}")
generated_tile_ir=(
  worker/ir/TileOps.h.inc worker/ir/TileOps.cpp.inc worker/ir/TileTypes.h.inc
  worker/ir/TileTypes.cpp.inc worker/ir/TileDialect.h.inc worker/ir/TileDialect.cpp.inc
)
generated_request=(
  "${generated_tile_ir[@]}"
  proto/kiln/v1/common.pb.h proto/kiln/v1/compiler.pb.h proto/kiln/v1/worker.pb.h
  proto/kiln/v1/common.pb.cc proto/kiln/v1/compiler.pb.cc proto/kiln/v1/worker.pb.cc
)

known="ptx pto ascendc tile_ir request"
for name in $fuzzers; do
  case " $known " in *" $name "*) ;; *)
    echo "run-fuzzers: unknown fuzzer '$name' (known: $known)" >&2
    exit 2 ;;
  esac
done

flags=(-std=c++20 -O1 -g1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$root")
compile=("$cxx")
if command -v ccache >/dev/null 2>&1; then compile=(ccache "$cxx"); fi

# The fuzzers over kiln's own MLIR and protobuf code compile it as the CMake
# build does (compile_commands.json for kiln_ir: LLVM's -D macros, RTTI on,
# llvm-16's headers) but, like ptx and pto, without NDEBUG, so LLVM's
# inline asserts (cast<>, ArrayRef bounds) stop on a bad access.
need_generated=()
for name in $fuzzers; do
  list="generated_$name[@]"
  if declare -p "generated_$name" >/dev/null 2>&1; then need_generated+=("${!list}"); fi
done
if [ ${#need_generated[@]} -ne 0 ]; then
  missing=()
  for f in "${need_generated[@]}"; do
    [ -f "$kiln_build/$f" ] || missing+=("$f")
  done
  if [ ${#missing[@]} -ne 0 ]; then
    echo "run-fuzzers: KILN_BUILD_DIR=$kiln_build lacks the generated headers and sources that" \
      "the fuzzers '$fuzzers' compile against:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    echo "run-fuzzers: configure and build it first (cmake -S . -B build -G Ninja &&" \
      "cmake --build build --target kiln_tile_incgen kiln_proto), or point KILN_BUILD_DIR at a" \
      "build of this checkout, or run FUZZERS='ptx pto' only" >&2
    exit 2
  fi
  for f in "$llvm_dir/lib/libMLIR.so" "$llvm_dir/lib/libLLVM-16.so" "$llvm_dir/include/mlir/IR/MLIRContext.h"; do
    if [ ! -e "$f" ]; then
      echo "run-fuzzers: $f is missing; install libmlir-16-dev and llvm-16-dev (deploy/install-deps.sh)" >&2
      exit 2
    fi
  done
  if ! protobuf_cflags=$(pkg-config --cflags protobuf) || ! protobuf_libs=$(pkg-config --libs protobuf); then
    echo "run-fuzzers: pkg-config does not know protobuf; install libprotobuf-dev (deploy/install-deps.sh)" >&2
    exit 2
  fi
  # shellcheck disable=SC2206  # pkg-config output is a list of words
  flags+=(-D_GNU_SOURCE -D__STDC_CONSTANT_MACROS -D__STDC_FORMAT_MACROS -D__STDC_LIMIT_MACROS
    -I"$kiln_build" -isystem "$llvm_dir/include" -isystem "$kiln_build/proto" $protobuf_cflags)
  # shellcheck disable=SC2206
  libs_request+=($protobuf_libs)
fi

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
srcpath() {
  case "$1" in build:*) echo "$kiln_build/${1#build:}" ;; *) echo "$root/$1" ;; esac
}
declare -A objects=()
for name in $fuzzers; do
  list="sources_$name[@]"
  for src in "${!list}"; do
    if [ ! -f "$(srcpath "$src")" ]; then
      echo "run-fuzzers: $name needs $(srcpath "$src"), which does not exist" >&2
      exit 2
    fi
    obj="${src//\//_}"
    objects["$src"]="$build/obj/${obj//:/_}.o"
  done
done
echo "run-fuzzers: compiling ${#objects[@]} sources with $cxx"
pids=()
for src in "${!objects[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do sleep 0.2; done
  "${compile[@]}" "${flags[@]}" -c "$(srcpath "$src")" -o "${objects[$src]}" &
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
  libs=()
  list="libs_$name[@]"
  if declare -p "libs_$name" >/dev/null 2>&1; then libs=("${!list}"); fi
  "$cxx" "${flags[@]}" "${objs[@]}" "${libs[@]}" -o "$bin"

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
