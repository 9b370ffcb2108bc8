#include "worker/backends/ascend/lower/pto/pto_tile_format.h"

#include <numeric>

namespace kiln::ascend::lower::pto {
namespace {

using plan::MemorySpace;

struct Layout {
  const char *blayout;
  const char *slayout;
  int64_t fractal;
};

// pto-isa's layouts per location (PTOAS docs/PTO_IR_manual.md, tmatmul):
// UB tiles are plain ND rows; L1 holds the fractal NZ form the cube loads
// from; L0A is Zz on A2/A3 and col-major boxes on A5; L0B is Zn; L0C is
// NZ with 16x16 fractals (1024 B of f32).
Layout layoutFor(MemorySpace space, const std::string &arch) {
  switch (space) {
    case MemorySpace::kL1: return {"col_major", "row_major", 512};
    case MemorySpace::kL0A: return arch == "a5" ? Layout{"col_major", "row_major", 512} : Layout{"row_major", "row_major", 512};
    case MemorySpace::kL0B: return {"row_major", "col_major", 512};
    case MemorySpace::kL0C: return {"col_major", "row_major", 1024};
    default: return {"row_major", "none_box", 512};
  }
}

int64_t roundUp(int64_t value, int64_t multiple) {
  return multiple <= 1 ? value : (value + multiple - 1) / multiple * multiple;
}

std::string sizeText(int64_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + " KiB" : std::to_string(bytes) + " B";
}

std::string rulesText(const oracle::TileRules &r) {
  return "PTO tiles hold a multiple of " + std::to_string(r.tile_bytes_multiple) + " B from " +
         sizeText(r.min_tile_bytes) + " to " + sizeText(r.max_tile_bytes) + ", in rows of a multiple of " +
         std::to_string(r.row_bytes_multiple) + " B";
}

bool legal(int64_t rows, int64_t cols, int64_t elementBytes, const oracle::TileRules &r) {
  int64_t bytes = rows * cols * elementBytes;
  return bytes >= r.min_tile_bytes && bytes <= r.max_tile_bytes &&
         (r.tile_bytes_multiple <= 0 || bytes % r.tile_bytes_multiple == 0) &&
         (r.row_bytes_multiple <= 0 || (cols * elementBytes) % r.row_bytes_multiple == 0);
}

}  // namespace

const char *ptoLocation(MemorySpace space) {
  switch (space) {
    case MemorySpace::kUB: return "vec";
    case MemorySpace::kL1: return "mat";
    case MemorySpace::kL0A: return "left";
    case MemorySpace::kL0B: return "right";
    case MemorySpace::kL0C: return "acc";
    case MemorySpace::kBias: return "bias";
    default: return "";
  }
}

std::string PtoTileFormat::typeText() const {
  return std::string("!pto.tile_buf<loc=") + ptoLocation(space) + ", dtype=" + dtype + ", rows=" +
         std::to_string(rows) + ", cols=" + std::to_string(cols) + ", v_row=" + std::to_string(valid_rows) +
         ", v_col=" + std::to_string(valid_cols) + ", blayout=" + blayout + ", slayout=" + slayout +
         ", fractal=" + std::to_string(fractal) + ", pad=0>";
}

TileFormatResult tileFormat(MemorySpace space, const std::string &dtype, int64_t element_bytes, int64_t rows,
                            int64_t cols, const std::string &pto_arch, const oracle::TileRules &rules,
                            const std::string &what) {
  TileFormatResult out;
  PtoTileFormat f;
  f.space = space;
  f.dtype = dtype;
  f.element_bytes = element_bytes;
  f.rows = f.valid_rows = rows;
  f.cols = f.valid_cols = cols;
  Layout layout = layoutFor(space, pto_arch);
  f.blayout = layout.blayout;
  f.slayout = layout.slayout;
  f.fractal = layout.fractal;
  std::string shape = std::to_string(rows) + "x" + std::to_string(cols) + "x" + dtype;
  if (legal(rows, cols, element_bytes, rules)) {
    out.format = f;
    return out;
  }
  if (space != MemorySpace::kUB) {
    out.problem = "[pto.tile-shape] " + what + " is a " + shape + " tile (" +
                  std::to_string(rows * cols * element_bytes) + " B) in " + ptoLocation(space) + "; " +
                  rulesText(rules) + ", and kiln pads only vec tiles (the cube would read the padding)";
    return out;
  }
  // Columns to whole 32-byte blocks, then rows to whole fractals.
  if (rules.row_bytes_multiple > 0 && rules.row_bytes_multiple % element_bytes == 0)
    f.cols = roundUp(cols, rules.row_bytes_multiple / element_bytes);
  int64_t rowBytes = f.cols * element_bytes;
  int64_t rowStep = rules.tile_bytes_multiple > 0 ? rules.tile_bytes_multiple / std::gcd(rules.tile_bytes_multiple, rowBytes) : 1;
  f.rows = roundUp(rows, rowStep);
  while (f.bytes() < rules.min_tile_bytes) f.rows += rowStep;
  if (!legal(f.rows, f.cols, element_bytes, rules)) {
    out.problem = "[pto.tile-shape] " + what + " is a " + shape + " tile (" +
                  std::to_string(rows * cols * element_bytes) + " B" +
                  (f.padded() ? ", " + std::to_string(f.bytes()) + " B padded to " + std::to_string(f.rows) + "x" +
                                    std::to_string(f.cols)
                              : std::string()) +
                  "); " + rulesText(rules) + ": split the tile in the Tile IR";
    return out;
  }
  out.format = f;
  return out;
}

}  // namespace kiln::ascend::lower::pto
