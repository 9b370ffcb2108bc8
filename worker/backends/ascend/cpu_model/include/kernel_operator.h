// kernel_operator.h of kiln's model of the documented AscendC API, written
// from the public docs (Huawei's asc-devkit documentation and samples, as
// summarised in shared/notes/ascend-toolchain.md). It is not CANN and not
// a simulator of the chip: it gives AscendC kernel sources the subset of
// the API that kiln's emitter writes, with the documented semantics, so
// that they compile with a host C++17 compiler and run on the CPU, and it
// stops a run that breaks the discipline the hardware assumes (queue
// order, buffer counts, use after FreeTensor, capacity, alignment, ranges,
// flag pairing). Timing, pipe concurrency and bank conflicts are not
// modelled. See ../README.md.
#pragma once

#include "kiln_ascend_model/macros.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/positions.h"
#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/tensors.h"
#include "kiln_ascend_model/pipe.h"
#include "kiln_ascend_model/data_copy.h"
#include "kiln_ascend_model/vector_ops.h"
#include "kiln_ascend_model/cast.h"
#include "kiln_ascend_model/reduce.h"
#include "kiln_ascend_model/data_copy_nd2nz.h"
#include "kiln_ascend_model/load_data.h"
#include "kiln_ascend_model/mmad.h"
#include "kiln_ascend_model/fixpipe.h"
#include "kiln_ascend_model/sync.h"
#include "kiln_ascend_model/harness.h"

// AscendC names bfloat16_t and half in its own namespace too.
namespace AscendC {
using ::bfloat16_t;
using ::half;
}  // namespace AscendC
