// TileData storage and the element-type facts of the public header.
#include "worker/reference/runtime_value.h"

namespace kiln::reference {

void TileData::reset(ElementType elementType, int64_t numRows, int64_t numCols) {
  type = elementType;
  rows = numRows;
  cols = numCols;
  auto count = static_cast<size_t>(numRows * numCols);
  if (isFloat()) {
    f.assign(count, 0.0f);
    i.clear();
  } else {
    i.assign(count, 0);
    f.clear();
  }
}

const char *elementTypeName(ElementType type) {
  switch (type) {
    case ElementType::kF32: return "f32";
    case ElementType::kF16: return "f16";
    case ElementType::kBF16: return "bf16";
    case ElementType::kI32: return "i32";
  }
  return "?";
}

size_t elementSize(ElementType type) {
  return type == ElementType::kF16 || type == ElementType::kBF16 ? 2 : 4;
}

}  // namespace kiln::reference
