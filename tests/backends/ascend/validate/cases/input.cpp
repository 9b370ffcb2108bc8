// [ascendc.input]: malformed text is a located error, never a crash.
#include "kernel_operator.h"
// Apostrophes in a group kiln's flags drop are not literals: don't, won't.
#if __NPU_ARCH__ == 1
it's fine here
#endif
#error-free text is not lexed: it's skipped
const char *s = R"delim(a raw string with )" and "quotes")delim";
const char *t = "a \"quoted\" string", c = '\'';
int n = 1'000'000;
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}

// -----
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
// expected-error@+1 {{[ascendc.input] unterminated /* comment}}
/* this comment never ends

// -----
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
// expected-error@+1 {{[ascendc.input] missing terminating " character}}
const char *s = "no end;
// expected-error@+1 {{[ascendc.input] missing terminating ' character}}
char c = 'x;

// -----
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
// expected-error@+1 {{[ascendc.input] unterminated raw string literal: no )xyz" before the end of the file}}
const char *r = R"xyz(never closed )xy" )xyz ";

// -----
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
// expected-error@+1 {{[ascendc.input] invalid raw string delimiter}}
const char *r = R"this-delimiter-is-far-too-long(x)this-delimiter-is-far-too-long";

// -----
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
// expected-error@+1 {{[ascendc.input] unterminated #if: no #endif}}
#if 1

// -----
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
#if 1
#endif
// expected-error@+1 {{[ascendc.input] #endif without #if}}
#endif
// expected-error@+1 {{[ascendc.input] #else without #if}}
#else
