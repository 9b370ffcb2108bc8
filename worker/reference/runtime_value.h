// The values an instance computes with: tiles, scalars and bound tensors.
// MLIR-free, so the tile semantics compile and test without MLIR headers.
#pragma once

#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "worker/reference/reference_executor.h"

namespace kiln::reference {

/// A tile in row-major order. Float tiles (f32, f16, bf16) keep f32 values in
/// `f`, f16/bf16 ones already rounded to their type, so every op reads its
/// operands without a conversion; i32 tiles keep `i`.
struct TileData {
  ElementType type = ElementType::kF32;
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> f;
  std::vector<int32_t> i;

  bool isFloat() const { return type != ElementType::kI32; }
  int64_t size() const { return rows * cols; }
  /// Sets the shape and type and sizes the matching storage.
  void reset(ElementType elementType, int64_t numRows, int64_t numCols);
};

/// SSA values never change, so tiles are shared instead of copied when they
/// flow through scf.yield, iter_args and calls.
using TileRef = std::shared_ptr<const TileData>;

/// What an SSA value holds during a run: nothing yet, an integer of any
/// width (index, i1..i64, kept sign-extended from its width), a float scalar
/// (f16/bf16 ones already rounded), a bound global tensor, or a tile.
using RuntimeValue = std::variant<std::monostate, int64_t, float, HostTensor *, TileRef>;

}  // namespace kiln::reference
