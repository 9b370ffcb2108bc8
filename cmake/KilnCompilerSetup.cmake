# Compiler launcher, warnings and sanitizers for every kiln target.

find_program(KILN_CCACHE ccache)
if(KILN_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER ${KILN_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${KILN_CCACHE})
endif()

add_compile_options(-Wall -Wextra -Wno-unused-parameter)

if(KILN_SANITIZE)
  message(STATUS "kiln: building with -fsanitize=${KILN_SANITIZE}")
  add_compile_options(-fsanitize=${KILN_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  # -O1 -g1 (line tables: what a sanitizer's stack trace needs) after the
  # build type's -O2 -g, which they override: an instrumented MLIR-heavy
  # translation unit compiles 2.5x faster so (47 s -> 19 s for
  # nvidia_lowering.cpp), and the sanitizer builds are most of CI's time.
  add_compile_options(-O1 -g1)
  add_link_options(-fsanitize=${KILN_SANITIZE})
  # LLVM's own headers make vptr checks on classes from the uninstrumented
  # libMLIR.so; those reports are about LLVM, not about kiln.
  if(KILN_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize=vptr)
  endif()
endif()
