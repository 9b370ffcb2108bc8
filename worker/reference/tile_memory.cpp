#include "worker/reference/tile_memory.h"

#include <bit>
#include <cstring>

#include "worker/reference/float_formats.h"

namespace kiln::reference {
namespace {

static_assert(std::endian::native == std::endian::little,
              "HostTensor bytes are little-endian and copied as they are");

std::string join(std::span<const int64_t> values, const char *separator) {
  std::string out;
  for (size_t k = 0; k < values.size(); ++k) {
    if (k) out += separator;
    out += std::to_string(values[k]);
  }
  return out;
}

/// Where the tile starts in the tensor, as (first row, first column, row
/// count of the tensor, column count of the tensor), or an error message.
struct Placement {
  int64_t row0 = 0, col0 = 0, tensorCols = 0;
  std::string error;
};

Placement place(const HostTensor &tensor, std::span<const int64_t> coords, int64_t rows,
                int64_t cols) {
  Placement p;
  bool rank1 = tensor.shape.size() == 1;
  if (tensor.shape.size() != coords.size() || (!rank1 && tensor.shape.size() != 2)) {
    p.error = "expected " + std::to_string(tensor.shape.size()) + " tile coordinates for a memref of shape " +
              join(tensor.shape, "x") + ", got " + std::to_string(coords.size());
    return p;
  }
  int64_t tensorRows = rank1 ? 1 : tensor.shape[0];
  p.tensorCols = rank1 ? tensor.shape[0] : tensor.shape[1];
  int64_t i = rank1 ? 0 : coords[0];
  int64_t j = rank1 ? coords[0] : coords[1];
  // i * rows + rows <= tensorRows, written so that no product can overflow.
  bool rowsFit = i >= 0 && rows <= tensorRows && i <= (tensorRows - rows) / rows;
  bool colsFit = j >= 0 && cols <= p.tensorCols && j <= (p.tensorCols - cols) / cols;
  if (!rowsFit || !colsFit) {
    p.error = "tile (" + join(coords, ", ") + ") of shape " + std::to_string(rows) + "x" +
              std::to_string(cols) + " lies outside the memref of shape " + join(tensor.shape, "x");
    bool rowBad = !rowsFit && !rank1;
    int64_t index = rowBad ? i : j;
    int64_t extent = rowBad ? rows : cols;
    int64_t first = 0, end = 0;
    if (!__builtin_mul_overflow(index, extent, &first) && !__builtin_add_overflow(first, extent, &end))
      p.error += std::string(rowBad ? ": rows " : rank1 ? ": elements " : ": columns ") +
                 std::to_string(first) + ".." + std::to_string(end - 1) + " of " +
                 std::to_string(rowBad ? tensorRows : p.tensorCols);
    return p;
  }
  p.row0 = i * rows;
  p.col0 = j * cols;
  return p;
}

std::string checkTensor(const HostTensor &tensor, ElementType type) {
  if (tensor.type != type)
    return std::string("memref holds ") + elementTypeName(tensor.type) + " elements, the tile " +
           elementTypeName(type);
  int64_t count = 1;
  for (int64_t d : tensor.shape) count *= d;
  if (tensor.bytes.size() != static_cast<size_t>(count) * elementSize(type))
    return "memref data holds " + std::to_string(tensor.bytes.size()) + " bytes, its shape needs " +
           std::to_string(static_cast<size_t>(count) * elementSize(type));
  return {};
}

}  // namespace

std::string loadTile(const HostTensor &tensor, std::span<const int64_t> coords, int64_t rows,
                     int64_t cols, ElementType type, TileData &out) {
  if (auto error = checkTensor(tensor, type); !error.empty()) return error;
  Placement p = place(tensor, coords, rows, cols);
  if (!p.error.empty()) return p.error;
  out.reset(type, rows, cols);
  const size_t size = elementSize(type);
  for (int64_t r = 0; r < rows; ++r) {
    const uint8_t *src = tensor.bytes.data() + ((p.row0 + r) * p.tensorCols + p.col0) * size;
    switch (type) {
      case ElementType::kF32: std::memcpy(out.f.data() + r * cols, src, cols * size); break;
      case ElementType::kI32: std::memcpy(out.i.data() + r * cols, src, cols * size); break;
      case ElementType::kF16:
      case ElementType::kBF16:
        for (int64_t c = 0; c < cols; ++c) {
          uint16_t bits;
          std::memcpy(&bits, src + c * size, size);
          out.f[r * cols + c] = type == ElementType::kF16 ? halfToFloat(bits) : bfloat16ToFloat(bits);
        }
        break;
    }
  }
  return {};
}

std::string storeTile(const TileData &tile, HostTensor &tensor, std::span<const int64_t> coords) {
  if (auto error = checkTensor(tensor, tile.type); !error.empty()) return error;
  Placement p = place(tensor, coords, tile.rows, tile.cols);
  if (!p.error.empty()) return p.error;
  const size_t size = elementSize(tile.type);
  const int64_t cols = tile.cols;
  for (int64_t r = 0; r < tile.rows; ++r) {
    uint8_t *dst = tensor.bytes.data() + ((p.row0 + r) * p.tensorCols + p.col0) * size;
    switch (tile.type) {
      case ElementType::kF32: std::memcpy(dst, tile.f.data() + r * cols, cols * size); break;
      case ElementType::kI32: std::memcpy(dst, tile.i.data() + r * cols, cols * size); break;
      case ElementType::kF16:
      case ElementType::kBF16:
        for (int64_t c = 0; c < cols; ++c) {
          float v = tile.f[r * cols + c];
          // Exact: the value is already rounded to the element type.
          uint16_t bits = tile.type == ElementType::kF16 ? floatToHalf(v) : floatToBFloat16(v);
          std::memcpy(dst + c * size, &bits, size);
        }
        break;
    }
  }
  return {};
}

}  // namespace kiln::reference
