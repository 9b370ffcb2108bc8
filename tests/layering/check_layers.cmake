# Checks that no file includes a header from a layer above its own, and
# that MLIR, LLVM, gRPC and SQLite headers stay where they belong.
#   cmake -DKILN_SOURCE_DIR=<repo> -P tests/layering/check_layers.cmake
# Exits non-zero listing every offending #include as file:line.
#
# The floors, lowest first. A file may include its own floor and those below.
#   0 core/                       value types and helpers
#   1 cache/                      storage that knows only bytes and keys
#   2 proto/                      the wire contract and its one conversion
#   3 worker/ (backends)          ir, plan, lower, oracle, reference, toolchain, backends, opt
#   4 worker/pipeline/, reference/ the job as a whole (MLIR-free headers), the reference executor
#   5 worker/daemon/, server/     the daemons
#   6 client/                     the CLI and the client library
# tests/ and bench/ may include anything.
cmake_minimum_required(VERSION 3.20)
if(NOT KILN_SOURCE_DIR)
  message(FATAL_ERROR "pass -DKILN_SOURCE_DIR=<repository root>")
endif()

function(floor_of path out)
  if(path MATCHES "^core/")
    set(f 0)
  elseif(path MATCHES "^cache/")
    set(f 1)
  elseif(path MATCHES "^proto/" OR path MATCHES "^kiln/v1/")
    set(f 2)
  elseif(path MATCHES "^worker/pipeline/" OR path MATCHES "^worker/reference/" OR
         path MATCHES "^worker/backends/[^/]+/lower/[^/]+/runner/")
    # The reference executor runs a whole parsed module, as the pipeline does;
    # a backend's runner (kiln-ascendc-model-run) checks that backend's output
    # against it, so it sits on the reference's floor.
    set(f 4)
  elseif(path MATCHES "^worker/daemon/" OR path MATCHES "^server/")
    set(f 5)
  elseif(path MATCHES "^worker/")
    set(f 3)
  elseif(path MATCHES "^client/")
    set(f 6)
  else()
    set(f -1)
  endif()
  set(${out} ${f} PARENT_SCOPE)
endfunction()

set(floor_names core cache proto "worker backends" "worker/pipeline" daemons client)
file(GLOB_RECURSE sources RELATIVE "${KILN_SOURCE_DIR}"
  "${KILN_SOURCE_DIR}/core/*" "${KILN_SOURCE_DIR}/cache/*" "${KILN_SOURCE_DIR}/proto/*"
  "${KILN_SOURCE_DIR}/worker/*" "${KILN_SOURCE_DIR}/server/*" "${KILN_SOURCE_DIR}/client/*")
list(FILTER sources INCLUDE REGEX "\\.(h|cpp|inc)$")

set(problems "")
foreach(source ${sources})
  floor_of("${source}" own)
  file(STRINGS "${KILN_SOURCE_DIR}/${source}" lines)
  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]+)[\">]")
      continue()
    endif()
    set(header "${CMAKE_MATCH_1}")
    floor_of("${header}" theirs)
    if(theirs GREATER own)
      list(GET floor_names ${own} own_name)
      list(GET floor_names ${theirs} their_name)
      string(APPEND problems "${source}:${n}: ${own_name} includes ${header} from ${their_name}, a higher floor\n")
    endif()
    # Toolkit headers: MLIR and LLVM only inside worker/; gRPC, protobuf and
    # SQLite never on the ground floor.
    if(header MATCHES "^(mlir|llvm)/" AND NOT source MATCHES "^worker/")
      string(APPEND problems "${source}:${n}: ${header}: MLIR and LLVM headers stay inside worker/\n")
    endif()
    if(own EQUAL 0 AND header MATCHES "^(mlir/|llvm/|grpc|google/protobuf/|sqlite3|kiln/v1/)")
      string(APPEND problems "${source}:${n}: ${header}: core/ includes no MLIR, gRPC, protobuf or SQLite\n")
    endif()
    # Vendor code is reached through the Backend interface only.
    if(source MATCHES "^(core|cache|server|client)/" AND
       header MATCHES "^worker/(backends/|plan/nvidia|toolchain/|lower/|ir/)")
      string(APPEND problems "${source}:${n}: ${header}: server/, client/, cache/ and core/ reach backends only through what workers advertise\n")
    endif()
  endforeach()
endforeach()

if(problems)
  # NOTICE prints the lines as they are (FATAL_ERROR would rewrap them).
  message(NOTICE "${problems}")
  message(FATAL_ERROR "layering violations, listed above")
endif()
list(LENGTH sources count)
message(STATUS "layering: ${count} files, no include from a higher floor")
