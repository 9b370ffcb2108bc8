// How MLIR types map onto the executor's values: tile element types, and
// the scalar types that arith works on (integers up to 64 bits, index as
// 64 bits, f32/f16/bf16).
#pragma once

#include <cstdint>
#include <optional>

#include "mlir/IR/Types.h"
#include "worker/reference/reference_executor.h"

namespace kiln::reference {

std::optional<ElementType> elementTypeOf(mlir::Type type);

struct ScalarType {
  bool isFloat = false;
  unsigned width = 0;                           // integers: bits (index is 64)
  ElementType floatType = ElementType::kF32;    // floats
};

std::optional<ScalarType> scalarTypeOf(mlir::Type type);

/// Integers are held sign-extended from their width, so that a signed
/// comparison is a plain int64 comparison; i1 true is -1.
inline int64_t normalizeInt(uint64_t bits, unsigned width) {
  if (width >= 64) return static_cast<int64_t>(bits);
  unsigned shift = 64 - width;
  return static_cast<int64_t>(bits << shift) >> shift;
}

/// The low `width` bits, for unsigned semantics.
inline uint64_t unsignedBits(int64_t value, unsigned width) {
  if (width >= 64) return static_cast<uint64_t>(value);
  return static_cast<uint64_t>(value) & ((uint64_t{1} << width) - 1);
}

}  // namespace kiln::reference
