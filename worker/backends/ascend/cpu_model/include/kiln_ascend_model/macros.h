// The AscendC source-level qualifiers, as kiln's model of the documented
// AscendC API sees them: on the CPU there is one address space and one
// core, so the function and pointer qualifiers are empty. GM_ADDR is the
// parameter type of every kernel entry in Huawei's samples.
#pragma once

#include <cstdint>

#ifndef __global__
#define __global__
#endif
#ifndef __aicore__
#define __aicore__
#endif
#ifndef __gm__
#define __gm__
#endif
#ifndef __vector__
#define __vector__
#endif
#ifndef __cube__
#define __cube__
#endif

#ifndef GM_ADDR
#define GM_ADDR __gm__ uint8_t *
#endif
