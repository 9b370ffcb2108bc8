// The Ascend SoCs kiln compiles for, as data: the compiler arch strings of
// CANN 8.x (--cce-aicore-arch) and 9.x (--npu-arch), the PTOAS arch, the
// core split and the features the code generator must know about. On-chip
// memory sizes are the oracle's DeviceSpec (worker/oracle/device/), so the
// planner, the oracle and the emitters read one set of numbers, with the
// user's overrides applied. Facts from ../shared/notes/ascend-toolchain.md
// (CANN 8.1 platform_config ini files). MLIR-free.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "worker/oracle/device/device_spec.h"

namespace kiln::ascend {

enum class CoreKind { kVector, kCube };
const char *coreKindName(CoreKind kind);  // "vector", "cube"

struct AscendTarget {
  std::string name;         // "ascend910b2": kiln's target name
  std::string soc_version;  // "Ascend910B2": --cce-soc-version
  std::string cube_arch;    // "dav-c220-cube": CANN 8.x --cce-aicore-arch for cube kernels
  std::string vector_arch;  // "dav-c220-vec": the same for vector kernels
  std::string npu_arch;     // "dav-2201": CANN 9.x --npu-arch
  int npu_arch_number = 0;  // __NPU_ARCH__ inside device code: 2201, 3510, 2002
  std::string pto_arch;     // ptoas --pto-arch: "a3", "a5"; empty where PTOAS has none (310P)
  int cube_cores = 0;
  int vector_cores = 0;
  // 910B/910C/950 run cube and vector work on separate cores (AIC/AIV), so
  // one kernel is one or the other; 310P's AI core has both units.
  bool split_cores = true;
  bool has_fixpipe = true;  // L0C -> GM through Fixpipe; not on 310P
  bool has_bf16 = true;     // bf16 casts; 310P has none
  // Flags CANN's own build files add for this SoC (310P: m200 extras).
  std::vector<std::string> extra_bisheng_flags;
  oracle::DeviceSpec device;  // buffer capacities and alignments

  const std::string &archFor(CoreKind kind) const { return kind == CoreKind::kCube ? cube_arch : vector_arch; }
};

/// "ascend910b2", "ascend910b3", "ascend910c", "ascend310p3", "ascend950".
const std::vector<std::string> &ascendTargetNames();

/// The target `name` with the device spec overrides in JSON text (the
/// format of oracle::applyDeviceOverrides; empty: none) applied. Returns
/// nothing for an unknown name; sets `error` when the overrides are bad.
std::optional<AscendTarget> findAscendTarget(std::string_view name, std::string_view device_overrides_json,
                                             std::string &error);

}  // namespace kiln::ascend
