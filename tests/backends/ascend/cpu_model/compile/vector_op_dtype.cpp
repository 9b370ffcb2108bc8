// Compiled by ctest with -DKILN_OP=<op> -DKILN_DTYPE=<type>: a dtype the
// docs give the op must compile, one they do not (bf16 arithmetic, Exp on
// int32) must stop the compile with the model's static_assert.
#include "kernel_operator.h"

using namespace AscendC;

void kernel_body(LocalTensor<KILN_DTYPE> dst, LocalTensor<KILN_DTYPE> src) { KILN_OP(dst, src, src, 64); }
