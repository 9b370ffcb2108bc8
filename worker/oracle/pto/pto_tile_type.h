// The tile types of PTO-MLIR text (PTOAS docs/PTO_IR_manual.md), read without
// MLIR for the PTO front end (pto_frontend.h):
//   !pto.tile_buf<loc=vec, dtype=f16, rows=16, cols=16, v_row=16, v_col=16,
//                 blayout=row_major, slayout=none_box, fractal=512, pad=0>
//   !pto.tile_buf<vec, 8x512xf16, valid=?x?>            (the short form)
//   memref<16x16xf16, #pto.address_space<vec>>          (after PlanMemory)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "worker/plan/memory_plan.h"

namespace kiln::oracle::pto {

struct TileType {
  plan::MemorySpace space = plan::MemorySpace::kUB;
  plan::DType dtype = plan::DType::kF32;
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::int64_t valid_rows = 0;  // 0: dynamic or not written
  std::int64_t valid_cols = 0;
  std::string layout = "row_major";
  std::string secondary_layout = "none_box";
  std::int64_t fractal = 512;
  std::int64_t bytes = 0;  // rows * cols * element bytes
};

struct TypeError {
  std::size_t offset = 0;  // into the text the parser was given
  std::string message;
};

struct TypeParse {
  TileType type;
  std::optional<TypeError> error;
};

/// The largest tile accepted; anything bigger is a typo or an attack, not a
/// buffer on any NPU.
inline constexpr std::int64_t kMaxTileBytes = std::int64_t{1} << 40;

/// `text` starts at the type. `user` names the op in messages ("pto.alloc_tile").
TypeParse parseTileBufType(std::string_view text, std::string_view user);
TypeParse parseMemRefType(std::string_view text, std::string_view user);

/// Layouts and fractal size from a `#pto.tile_buf_config<...>` in `attributes`,
/// as pto.pointer_cast carries them; anything unreadable is left as it was.
void readTileConfig(std::string_view attributes, TileType &type);

/// The blayout written in a !pto.tile_buf type; "" for any other type or
/// when the type does not say.
std::string writtenLayout(std::string_view type);

/// A !pto.tile_buf, or a memref in one of the tile address spaces.
bool isOnChipTileType(std::string_view type);

std::optional<plan::DType> dtypeFromName(std::string_view name);
std::optional<plan::MemorySpace> spaceFromLocation(std::string_view loc);

}  // namespace kiln::oracle::pto
