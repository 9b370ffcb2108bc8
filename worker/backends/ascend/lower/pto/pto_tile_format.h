// The `!pto.tile_buf<...>` a kiln plan buffer becomes, MLIR-free: the PTOAS
// location of each plan space, the layouts pto-isa expects there on each
// PTO arch, and the tile shape rules of pto-isa's Tile (a whole number of
// 512-byte fractals from 512 B to 32 KiB, rows of whole 32-byte blocks;
// the numbers are the DeviceSpec's, so overrides reach the emitter too).
//
// A UB tile whose Tile IR shape breaks the rules is padded: the physical
// shape grows (columns to whole 32-byte blocks, then rows to whole 512-byte
// fractals) and v_row/v_col keep the Tile IR shape, so every PTO op works on
// the valid region only. A 32x1xf32 row maximum is a 32x8 tile with
// v_col=1, the ND-style column vector pto-isa's reductions accept. Cube
// tiles are never padded: the cube reads whole fractals, and padding there
// would multiply garbage into the result, so they must fit as they are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "worker/oracle/device/device_spec.h"
#include "worker/plan/memory_plan.h"

namespace kiln::ascend::lower::pto {

struct PtoTileFormat {
  plan::MemorySpace space = plan::MemorySpace::kUB;
  std::string dtype = "f32";  // the PTO element type name
  int64_t element_bytes = 4;
  int64_t rows = 0, cols = 0;              // physical
  int64_t valid_rows = 0, valid_cols = 0;  // the Tile IR shape
  std::string blayout = "row_major";
  std::string slayout = "none_box";
  int64_t fractal = 512;

  int64_t bytes() const { return rows * cols * element_bytes; }
  bool padded() const { return rows != valid_rows || cols != valid_cols; }
  /// `!pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=8, v_row=32, v_col=1, ...>`
  std::string typeText() const;
};

struct TileFormatResult {
  std::optional<PtoTileFormat> format;
  std::string problem;  // "[pto.tile-shape] ..." when there is no legal format
};

/// "vec", "mat", "left", "right", "acc", "bias"; "" for a space PTO has no
/// tiles in (NVIDIA shared memory).
const char *ptoLocation(plan::MemorySpace space);

/// The format of a rows x cols tile of `dtype` (PTO spelling: f32, f16,
/// bf16, i32) in `space` on `pto_arch` ("a3" or "a5"). `what` names the tile in a problem message ("tile.load's 32x1xf32 result").
TileFormatResult tileFormat(plan::MemorySpace space, const std::string &dtype, int64_t element_bytes, int64_t rows,
                            int64_t cols, const std::string &pto_arch, const oracle::TileRules &rules,
                            const std::string &what);

}  // namespace kiln::ascend::lower::pto
