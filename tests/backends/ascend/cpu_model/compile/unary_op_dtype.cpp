// As vector_op_dtype.cpp, for the one-source ops.
#include "kernel_operator.h"

using namespace AscendC;

void kernel_body(LocalTensor<KILN_DTYPE> dst, LocalTensor<KILN_DTYPE> src) { KILN_OP(dst, src, 64); }
