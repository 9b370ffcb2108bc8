// The on-chip facts the oracle checks a plan against, one DeviceSpec per
// target: NVIDIA sm_75..sm_120 and Ascend 910B2/910B3/910C/310P3/950, from
// ../shared/spec/device-specs.md. Facts that only secondary sources give are
// marked unconfirmed, and every number can be overridden from a JSON file.
// MLIR-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

struct SpaceSpec {
  plan::MemorySpace space = plan::MemorySpace::kShared;
  int64_t capacity = 0;   // bytes
  int64_t alignment = 1;  // bytes every buffer address must be a multiple of
  bool confirmed = true;  // false: only secondary sources give the capacity
};

/// PTO tile rules (pto-isa Tile.md); only Ascend targets enforce them.
struct TileRules {
  int64_t min_tile_bytes = 512;
  int64_t max_tile_bytes = 32 * 1024;
  int64_t tile_bytes_multiple = 512;
  int64_t row_bytes_multiple = 32;
  int64_t max_matmul_dim = 4095;  // valid M, K and N of pto.tmatmul
};

struct DeviceSpec {
  std::string name;    // "sm_90", "ascend910b2"
  std::string vendor;  // "nvidia" or "ascend"
  std::vector<SpaceSpec> spaces;
  // NVIDIA: shared memory a block may declare statically, and in all with
  // the opt-in. The shared space's capacity is the opt-in maximum.
  int64_t static_shared_limit = 0;
  int64_t max_shared_per_block = 0;
  TileRules tile_rules;
  bool confirmed = true;  // false when any number is unconfirmed
  std::string source;     // where the numbers come from

  bool isAscend() const { return vendor == "ascend"; }
  const SpaceSpec *space(plan::MemorySpace space) const;
};

/// Every target the table knows, NVIDIA first.
const std::vector<std::string> &deviceSpecNames();

/// The spec of `name` (case-insensitive for Ascend: "Ascend910B2" works).
std::optional<DeviceSpec> findDeviceSpec(std::string_view name);

/// Applies overrides from JSON text of the form
///   {"ascend910b2": {"ub": 196608, "l0a.alignment": 512},
///    "sm_90": {"max_shared_per_block": 232448, "static_shared_limit": 49152}}
/// to every spec it names. Keys are a space name ("shared", "ub", "l1",
/// "l0a", "l0b", "l0c", "bias") for its capacity, "<space>.alignment", or a
/// DeviceSpec/TileRules field name. An overridden number counts as confirmed
/// (the user vouches for it). Returns "" or an error naming the bad key.
std::string applyDeviceOverrides(std::string_view json, std::vector<DeviceSpec> &specs);

/// findDeviceSpec, then the overrides in the file at `path` when non-empty.
/// On failure returns nothing and sets `error`.
std::optional<DeviceSpec> loadDeviceSpec(std::string_view name, const std::string &overrides_path,
                                         std::string &error);

}  // namespace kiln::oracle
