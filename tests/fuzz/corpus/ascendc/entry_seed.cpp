// [ascendc.entry]: kiln launches extern "C" __global__ __aicore__ functions.
// A chunk's `// target:` line picks the target (default ascend910b2).
#include "kernel_operator.h"
extern "C" __global__ __aicore__ void ok_kernel(GM_ADDR x) {}

// -----
// Mangled: no extern "C".
#include "kernel_operator.h"
// expected-error@+1 {{[ascendc.entry] kernel 'mangled' is __global__ but not extern "C"}}
__global__ __aicore__ void mangled(GM_ADDR x) {}
extern "C" __global__ __aicore__ void fine(GM_ADDR x) {}

// -----
// C linkage from an earlier declaration, or from a linkage block.
extern "C" __global__ __aicore__ void declared_first(GM_ADDR x);
__global__ __aicore__ void declared_first(GM_ADDR x) {}
extern "C" {
__global__ __aicore__ void in_block(GM_ADDR x) {}
}
namespace ns {
extern "C" __global__ __aicore__ void in_namespace(GM_ADDR x) {}
}

// -----
// A template kernel is mangled even when written extern "C"-ish.
template <typename T>
// expected-error@+1 {{[ascendc.entry] kernel 'templated' is __global__ but a template}}
__global__ __aicore__ void templated(GM_ADDR x) {}
extern "C" __global__ __aicore__ void plain(GM_ADDR x) {}

// -----
// Excluded on 910B by the per-SoC macros: 910B's __NPU_ARCH__ is 2201.
#if __NPU_ARCH__ == 3510
// expected-error@+1 {{[ascendc.entry] kernel 'only_950' is excluded by the preprocessor on ascend910b2}}
extern "C" __global__ __aicore__ void only_950(GM_ADDR x) {}
#endif
extern "C" __global__ __aicore__ void everywhere(GM_ADDR x) {}

// -----
// target: ascend950
#if __NPU_ARCH__ == 3510
extern "C" __global__ __aicore__ void only_950(GM_ADDR x) {}
#endif

// -----
// One core kind per pass on 910B: either branch is some pass's kernel,
// and the #else is neither's.
#if defined(__DAV_C220_VEC__)
extern "C" __global__ __aicore__ void vec_part(GM_ADDR x) {}
#elif defined(__DAV_C220_CUBE__)
extern "C" __global__ __aicore__ void cube_part(GM_ADDR x) {}
#else
// expected-error@+1 {{kernel 'other_part' is excluded by the preprocessor on ascend910b2}}
extern "C" __global__ __aicore__ void other_part(GM_ADDR x) {}
// expected-note@-3 {{the #else that excludes it}}
#endif

// -----
// target: ascend310p3
#if defined(__DAV_C220_VEC__)
extern "C" __global__ __aicore__ void vec_part(GM_ADDR x) {}
#else
extern "C" __global__ __aicore__ void other_part(GM_ADDR x) {}
#endif

// -----
// target: ascend310p3
// 310P defines neither __DAV_C220_* macro, but kiln adds __ENABLE_VECTOR_CORE__.
#ifdef __DAV_C220_VEC__
// expected-error@+1 {{excluded by the preprocessor on ascend310p3}}
extern "C" __global__ __aicore__ void vec_only(GM_ADDR x) {}
// expected-note@-3 {{the #ifdef that excludes it on ascend310p3}}
#endif
#ifndef __ENABLE_VECTOR_CORE__
// expected-error@+1 {{kernel 'no_vector_core'}}
extern "C" __global__ __aicore__ void no_vector_core(GM_ADDR x) {}
#endif
#if defined(__ENABLE_VECTOR_CORE__) && __NPU_ARCH__ == 2002
extern "C" __global__ __aicore__ void p310(GM_ADDR x) {}
#endif

// -----
// A macro kiln cannot know: a note, not an error.
#ifdef SOME_HEADER_MACRO
// expected-note@+1 {{kiln cannot tell whether kernel 'maybe' is compiled for ascend910b2}}
extern "C" __global__ __aicore__ void maybe(GM_ADDR x) {}
#endif

// -----
// Two definitions of one kernel, one per arch: the other is not lost.
#if __NPU_ARCH__ == 2201
extern "C" __global__ __aicore__ void both(GM_ADDR x) {}
#else
extern "C" __global__ __aicore__ void both(GM_ADDR x) { int other = 1; }
#endif

// -----
// The file's own #define and #undef are followed.
#define MY_ARCH 2201
#if MY_ARCH == __NPU_ARCH__
extern "C" __global__ __aicore__ void same_arch(GM_ADDR x) {}
#endif
#undef MY_ARCH
#ifdef MY_ARCH
// expected-error@+1 {{kernel 'after_undef' is excluded}}
extern "C" __global__ __aicore__ void after_undef(GM_ADDR x) {}
#endif

// -----
// __global__ without __aicore__: a warning.
// expected-warning@+1 {{is __global__ without __aicore__}}
extern "C" __global__ void bare(GM_ADDR x) {}

// -----
// The newer .asc spelling is an entry too.
extern "C" __global__ __vector__ void asc_vec(__gm__ uint8_t *x) {}
