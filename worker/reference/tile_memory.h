// tile.load and tile.store between TileData and a bound HostTensor, with
// the run-time bounds check that keeps every access inside the tensor.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "worker/reference/runtime_value.h"

namespace kiln::reference {

/// Copies the rows x cols tile at tile coordinates `coords` (one per tensor
/// dimension; a rank-1 tensor takes a 1xC tile) into `out`. Returns an error
/// message, empty on success; nothing is read when the tile does not fit.
std::string loadTile(const HostTensor &tensor, std::span<const int64_t> coords, int64_t rows,
                     int64_t cols, ElementType type, TileData &out);

/// The reverse; nothing is written when the tile does not fit.
std::string storeTile(const TileData &tile, HostTensor &tensor, std::span<const int64_t> coords);

}  // namespace kiln::reference
