// The numerics of every tile op, on plain TileData. The GPU lowering
// reproduces these bit for bit, so each rule is spelled out here once:
//
// - Float ops on f16/bf16 tiles convert operands to f32, compute in f32 and
//   round the result to the element type (nearest even). add/sub/mul/div are
//   IEEE f32; max/min are fmaxf/fminf; exp/log/sqrt are expf/logf/sqrtf;
//   rsqrt is 1.0f / sqrtf(x); relu is fmaxf(x, 0.0f).
// - i32 add/sub/mul/neg/scale wrap around; div truncates and faults on a zero
//   divisor and on INT_MIN / -1; abs(INT_MIN) is INT_MIN; relu is max(x, 0).
// - reduce_sum accumulates in f32 (i32 for i32 tiles, wrapping) from 0 in
//   index order and rounds once; reduce_max starts from the first element.
// - softmax: m = fmaxf over the line from its first element, s = f32 sum from
//   0.0f of expf(x - m), each output expf(x - m) / s rounded once.
// - matmul: acc = acc_in or 0.0f, then acc = fmaf(a[m][k], b[k][n], acc) for
//   k = 0..K-1 (i32 operands converted to f32 first); the result is f32.
// - cast: via f32 with round to nearest even; to i32 rounds to nearest even,
//   saturates, and maps NaN to 0.
#pragma once

#include <string>

#include "worker/reference/runtime_value.h"

namespace kiln::reference {

enum class BinaryKind { kAdd, kSub, kMul, kDiv, kMax, kMin };
enum class UnaryKind { kExp, kLog, kSqrt, kRsqrt, kNeg, kAbs, kRelu };

/// Each returns an error message (empty on success) and fills `out`.
std::string binaryOp(BinaryKind kind, const TileData &lhs, const TileData &rhs, TileData &out);
std::string unaryOp(UnaryKind kind, const TileData &input, TileData &out);

void scaleOp(const TileData &input, float scalar, TileData &out);
void scaleOp(const TileData &input, int32_t scalar, TileData &out);
void fillOp(ElementType type, int64_t rows, int64_t cols, float value, TileData &out);
void fillOp(int64_t rows, int64_t cols, int32_t value, TileData &out);

/// `input` is Rx1 or 1xC of the rows x cols result.
void broadcastOp(const TileData &input, int64_t rows, int64_t cols, TileData &out);
void castOp(const TileData &input, ElementType to, TileData &out);

/// axis 1 reduces each row to Rx1, axis 0 each column to 1xC.
void reduceSumOp(const TileData &input, int axis, TileData &out);
void reduceMaxOp(const TileData &input, int axis, TileData &out);
std::string softmaxOp(const TileData &input, int axis, TileData &out);

/// a (MxK) times b (KxN) plus `acc` (MxN f32, may be null).
void matmulOp(const TileData &a, const TileData &b, const TileData *acc, TileData &out);

}  // namespace kiln::reference
