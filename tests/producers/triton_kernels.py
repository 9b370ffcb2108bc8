"""Triton kernels that triton_aot_test.py compiles ahead of time.

Each entry of KERNELS names a kernel and gives what triton.compile needs:
the signature (every argument, constexprs as "constexpr"), the constexpr
values, divisibility hints and compile options. Kept in a module of its own
so the source path Triton records in the PTX's .file line is stable.
"""

import triton
import triton.language as tl


@triton.jit
def vector_add(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    y = tl.load(y_ptr + offs, mask=mask)
    tl.store(out_ptr + offs, x + y, mask=mask)


@triton.jit
def softmax(out_ptr, in_ptr, in_row_stride, out_row_stride, n_cols, BLOCK: tl.constexpr):
    # One program per row; the max and sum reductions go through shared memory.
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(in_ptr + row * in_row_stride + cols, mask=mask, other=-float("inf"))
    x = x - tl.max(x, axis=0)
    num = tl.exp(x)
    den = tl.sum(num, axis=0)
    tl.store(out_ptr + row * out_row_stride + cols, num / den, mask=mask)


@triton.jit
def matmul(a_ptr, b_ptr, c_ptr, M, N, K, stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
           BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    # fp16 x fp16 -> fp32 with tl.dot: operand tiles staged in shared memory
    # (mma.sync on sm_80, wgmma on sm_90a), pipelined over K.
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    offs_k = tl.arange(0, BLOCK_K)
    a_ptrs = a_ptr + offs_m[:, None] * stride_am + offs_k[None, :] * stride_ak
    b_ptrs = b_ptr + offs_k[:, None] * stride_bk + offs_n[None, :] * stride_bn
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k in range(0, tl.cdiv(K, BLOCK_K)):
        a = tl.load(a_ptrs, mask=(offs_m[:, None] < M) & (offs_k[None, :] < K - k * BLOCK_K), other=0.0)
        b = tl.load(b_ptrs, mask=(offs_k[:, None] < K - k * BLOCK_K) & (offs_n[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc)
        a_ptrs += BLOCK_K * stride_ak
        b_ptrs += BLOCK_K * stride_bk
    c_ptrs = c_ptr + offs_m[:, None] * stride_cm + offs_n[None, :] * stride_cn
    tl.store(c_ptrs, acc.to(tl.float16), mask=(offs_m[:, None] < M) & (offs_n[None, :] < N))


def _sig(fn, types):
    return dict(zip(fn.arg_names, types))


# name -> (fn, signature, constexprs, divisibility-16 argument names, options)
KERNELS = {
    # enable_fp_fusion=False makes Triton pass --fmad=false to ptxas.
    "vector_add": (vector_add, _sig(vector_add, ["*fp32", "*fp32", "*fp32", "i32", "constexpr"]),
                   {"BLOCK": 1024}, ["x_ptr", "y_ptr", "out_ptr"], {"num_warps": 4, "enable_fp_fusion": False}),
    "softmax": (softmax, _sig(softmax, ["*fp32", "*fp32", "i32", "i32", "i32", "constexpr"]),
                {"BLOCK": 1024}, ["out_ptr", "in_ptr"], {"num_warps": 8}),
    "matmul": (matmul, _sig(matmul, ["*fp16", "*fp16", "*fp16"] + ["i32"] * 9 + ["constexpr"] * 3),
               {"BLOCK_M": 128, "BLOCK_N": 128, "BLOCK_K": 64},
               ["a_ptr", "b_ptr", "c_ptr", "stride_am", "stride_bk", "stride_cm"],
               {"num_warps": 4, "num_stages": 3}),
}
