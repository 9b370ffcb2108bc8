#include "worker/reference/scalar_types.h"

#include "mlir/IR/BuiltinTypes.h"

namespace kiln::reference {

std::optional<ElementType> elementTypeOf(mlir::Type type) {
  if (type.isF32()) return ElementType::kF32;
  if (type.isF16()) return ElementType::kF16;
  if (type.isBF16()) return ElementType::kBF16;
  if (type.isSignlessInteger(32)) return ElementType::kI32;
  return std::nullopt;
}

std::optional<ScalarType> scalarTypeOf(mlir::Type type) {
  if (type.isIndex()) return ScalarType{false, 64, ElementType::kF32};
  if (auto integer = type.dyn_cast<mlir::IntegerType>()) {
    if (!integer.isSignless() || integer.getWidth() == 0 || integer.getWidth() > 64) return std::nullopt;
    return ScalarType{false, integer.getWidth(), ElementType::kF32};
  }
  if (type.isF32()) return ScalarType{true, 32, ElementType::kF32};
  if (type.isF16()) return ScalarType{true, 16, ElementType::kF16};
  if (type.isBF16()) return ScalarType{true, 16, ElementType::kBF16};
  return std::nullopt;
}

}  // namespace kiln::reference
