#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend {
namespace {

AscendTarget target(std::string name, std::string soc, std::string cube, std::string vec, std::string npu,
                    int npuNumber, std::string pto, int cubeCores, int vecCores) {
  AscendTarget t;
  t.name = std::move(name);
  t.soc_version = std::move(soc);
  t.cube_arch = std::move(cube);
  t.vector_arch = std::move(vec);
  t.npu_arch = std::move(npu);
  t.npu_arch_number = npuNumber;
  t.pto_arch = std::move(pto);
  t.cube_cores = cubeCores;
  t.vector_cores = vecCores;
  return t;
}

const std::vector<AscendTarget> &table() {
  static const std::vector<AscendTarget> targets = [] {
    std::vector<AscendTarget> out;
    out.push_back(target("ascend910b2", "Ascend910B2", "dav-c220-cube", "dav-c220-vec", "dav-2201", 2201, "a3", 24, 48));
    out.push_back(target("ascend910b3", "Ascend910B3", "dav-c220-cube", "dav-c220-vec", "dav-2201", 2201, "a3", 20, 40));
    // Ascend910_93xx in CANN's ini names.
    out.push_back(target("ascend910c", "Ascend910_9391", "dav-c220-cube", "dav-c220-vec", "dav-2201", 2201, "a3", 24, 48));
    // One AI core with both units: 8 AI cores (plus 7 vector cores, which
    // kiln does not target). No Fixpipe and no bf16 casts.
    AscendTarget p = target("ascend310p3", "Ascend310P3", "dav-m200", "dav-m200-vec", "dav-2002", 2002, "", 8, 8);
    p.split_cores = false;
    p.has_fixpipe = false;
    p.has_bf16 = false;
    p.extra_bisheng_flags = {"-D__ENABLE_VECTOR_CORE__", "--cce-mask-opt", "-mllvm", "-cce-aicore-fp-ceiling=2"};
    out.push_back(std::move(p));
    // The ini gives one arch string, dav-c310, for both core kinds.
    out.push_back(target("ascend950", "Ascend950", "dav-c310", "dav-c310", "dav-3510", 3510, "a5", 32, 64));
    return out;
  }();
  return targets;
}

}  // namespace

const char *coreKindName(CoreKind kind) { return kind == CoreKind::kCube ? "cube" : "vector"; }

const std::vector<std::string> &ascendTargetNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const AscendTarget &t : table()) out.push_back(t.name);
    return out;
  }();
  return names;
}

std::optional<AscendTarget> findAscendTarget(std::string_view name, std::string_view device_overrides_json,
                                             std::string &error) {
  for (const AscendTarget &t : table()) {
    if (t.name != name) continue;
    std::optional<oracle::DeviceSpec> spec = oracle::findDeviceSpec(t.name);
    if (!spec) {
      error = "kiln's device table has no " + t.name;
      return std::nullopt;
    }
    std::vector<oracle::DeviceSpec> specs{*spec};
    if (!device_overrides_json.empty()) {
      error = oracle::applyDeviceOverrides(device_overrides_json, specs);
      if (!error.empty()) return std::nullopt;
    }
    AscendTarget out = t;
    out.device = std::move(specs.front());
    return out;
  }
  return std::nullopt;
}

}  // namespace kiln::ascend
