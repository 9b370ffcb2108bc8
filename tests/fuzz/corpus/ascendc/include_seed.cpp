// [ascendc.include]: only plain relative header names.
#include "kernel_operator.h"
#include <cstdint>
#include "sub/dir/tiling.h"
#if __has_include("lib/matmul_intf.h")
#endif
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}

// -----
// expected-error@+1 {{[ascendc.include] #include "/etc/passwd": an absolute path}}
#include "/etc/passwd"
// expected-error@+1 {{[ascendc.include] #include <../x.h>: a ".." in a header name}}
#include <../x.h>
// expected-error@+1 {{a ".." in a header name}}
#include "a/../../b.h"
// expected-error@+1 {{a backslash in a header name}}
#include "dir\x.h"
#define EVIL "/etc/shadow"
// expected-error@+1 {{[ascendc.include] #include with a computed operand (EVIL)}}
#include EVIL
// expected-error@+1 {{[ascendc.include] #include_next <cstdint>: kiln refuses _next lookups}}
#include_next <cstdint>
// expected-error@+1 {{[ascendc.include] __has_include </etc/hosts>: an absolute path}}
#if __has_include(</etc/hosts>)
#endif
// expected-error@+1 {{[ascendc.include] #embed "/dev/zero": an absolute path}}
#embed "/dev/zero"
// expected-error@+1 {{[ascendc.include] #import with a computed operand}}
#import
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}

// -----
// Never opened: a group kiln's flags drop.
#if __NPU_ARCH__ == 1234
#include "/etc/passwd"
#endif
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
