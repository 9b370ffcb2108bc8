#include "worker/oracle/device/device_spec.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace kiln::oracle {
namespace {

using plan::MemorySpace;
constexpr int64_t KiB = 1024;

DeviceSpec nvidia(std::string name, int64_t max_per_block) {
  DeviceSpec spec;
  spec.name = std::move(name);
  spec.vendor = "nvidia";
  spec.static_shared_limit = 48 * KiB;
  spec.max_shared_per_block = max_per_block;
  // kiln's planner places every buffer on a 16-byte boundary so vector
  // loads (ld.shared.v4) stay legal; the oracle holds plans to the same rule.
  spec.spaces = {{MemorySpace::kShared, max_per_block, 16, true}};
  spec.source = "CUDA Programming Guide, compute capability tables";
  return spec;
}

/// Alignments from the asc-devkit C API docs: UB/L1 32 B, L0A/L0B 512 B,
/// L0C and BiasTable 64 B.
DeviceSpec ascend(std::string name, int64_t ub, int64_t l1, int64_t l0ab, int64_t l0c, int64_t bias,
                  bool confirmed, std::string source) {
  DeviceSpec spec;
  spec.name = std::move(name);
  spec.vendor = "ascend";
  spec.spaces = {
      {MemorySpace::kUB, ub * KiB, 32, confirmed},   {MemorySpace::kL1, l1 * KiB, 32, confirmed},
      {MemorySpace::kL0A, l0ab * KiB, 512, confirmed}, {MemorySpace::kL0B, l0ab * KiB, 512, confirmed},
      {MemorySpace::kL0C, l0c * KiB, 64, confirmed},
  };
  // A BiasTable size of 0 means no source gives it: the space is absent and
  // a plan that uses it is told so.
  if (bias > 0) spec.spaces.push_back({MemorySpace::kBias, bias * KiB, 64, confirmed});
  spec.confirmed = confirmed;
  spec.source = std::move(source);
  return spec;
}

const std::vector<DeviceSpec> &table() {
  static const std::vector<DeviceSpec> specs = [] {
    std::vector<DeviceSpec> out = {
        nvidia("sm_75", 64 * KiB),   nvidia("sm_80", 163 * KiB),  nvidia("sm_86", 99 * KiB),
        nvidia("sm_89", 99 * KiB),   nvidia("sm_90", 227 * KiB),  nvidia("sm_100", 227 * KiB),
        nvidia("sm_120", 99 * KiB),
        ascend("ascend910b2", 192, 512, 64, 128, 1, true, "catlass arch.hpp (AtlasA2); Ascend910B2 platform ini"),
        ascend("ascend910b3", 192, 512, 64, 128, 1, true, "catlass arch.hpp (AtlasA2)"),
        // UNCONFIRMED: 910C's numbers come from third-party copies of its
        // platform ini; its BiasTable size is unknown.
        ascend("ascend910c", 192, 512, 64, 128, 0, false, "platform ini quoted in third-party files (secondary)"),
        // UNCONFIRMED: 310P3 from secondary sources only.
        ascend("ascend310p3", 256, 1024, 64, 256, 0, false, "secondary sources only"),
        // UNCONFIRMED in part: catlass's Ascend950 struct, not yet in vendor docs.
        ascend("ascend950", 248, 512, 64, 256, 4, false, "catlass Ascend950 struct (partly unconfirmed)"),
    };
    return out;
  }();
  return specs;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::optional<MemorySpace> spaceNamed(std::string_view name) {
  for (MemorySpace s : {MemorySpace::kShared, MemorySpace::kUB, MemorySpace::kL1, MemorySpace::kL0A,
                        MemorySpace::kL0B, MemorySpace::kL0C, MemorySpace::kBias})
    if (name == plan::memorySpaceName(s)) return s;
  return std::nullopt;
}

/// One "key": number pair onto `spec`; "" or what is wrong with it.
std::string applyOne(DeviceSpec &spec, const std::string &key, int64_t value) {
  if (value < 0) return "'" + key + "' must not be negative";
  int64_t *scalar = key == "static_shared_limit"    ? &spec.static_shared_limit
                    : key == "max_shared_per_block" ? &spec.max_shared_per_block
                    : key == "min_tile_bytes"       ? &spec.tile_rules.min_tile_bytes
                    : key == "max_tile_bytes"       ? &spec.tile_rules.max_tile_bytes
                    : key == "tile_bytes_multiple"  ? &spec.tile_rules.tile_bytes_multiple
                    : key == "row_bytes_multiple"   ? &spec.tile_rules.row_bytes_multiple
                    : key == "max_matmul_dim"       ? &spec.tile_rules.max_matmul_dim
                                                    : nullptr;
  if (scalar) {
    *scalar = value;
    // The opt-in maximum is the shared space's capacity: keep them one number.
    if (key == "max_shared_per_block")
      for (SpaceSpec &s : spec.spaces)
        if (s.space == MemorySpace::kShared) s.capacity = value;
    return "";
  }
  std::string spaceName = key, field = "capacity";
  if (auto dot = key.find('.'); dot != std::string::npos) {
    spaceName = key.substr(0, dot);
    field = key.substr(dot + 1);
  }
  auto space = spaceNamed(spaceName);
  if (!space || (field != "capacity" && field != "alignment")) return "unknown key '" + key + "'";
  if (field == "alignment" && value == 0) return "'" + key + "' must be at least 1";
  auto it = std::find_if(spec.spaces.begin(), spec.spaces.end(), [&](const SpaceSpec &s) { return s.space == *space; });
  if (it == spec.spaces.end()) it = spec.spaces.insert(spec.spaces.end(), SpaceSpec{*space, 0, 1, true});
  (field == "capacity" ? it->capacity : it->alignment) = value;
  it->confirmed = true;
  if (*space == MemorySpace::kShared && field == "capacity") spec.max_shared_per_block = value;
  return "";
}

}  // namespace

const SpaceSpec *DeviceSpec::space(plan::MemorySpace which) const {
  for (const SpaceSpec &s : spaces)
    if (s.space == which) return &s;
  return nullptr;
}

const std::vector<std::string> &deviceSpecNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const DeviceSpec &spec : table()) out.push_back(spec.name);
    return out;
  }();
  return names;
}

std::optional<DeviceSpec> findDeviceSpec(std::string_view name) {
  std::string wanted = lower(name);
  for (const DeviceSpec &spec : table())
    if (spec.name == wanted) return spec;
  return std::nullopt;
}

std::string applyDeviceOverrides(std::string_view json, std::vector<DeviceSpec> &specs) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return "the overrides are not a JSON object";
  for (auto &[target, fields] : doc.items()) {
    std::string name = lower(target);
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const DeviceSpec &s) { return s.name == name; });
    if (spec == specs.end()) continue;  // a file may cover more targets than asked for
    if (!fields.is_object()) return "'" + target + "' must map to an object of numbers";
    for (auto &[key, value] : fields.items()) {
      if (!value.is_number_integer()) return "'" + target + "." + key + "' must be an integer";
      if (std::string error = applyOne(*spec, key, value.get<int64_t>()); !error.empty())
        return target + ": " + error;
    }
    spec->confirmed = std::all_of(spec->spaces.begin(), spec->spaces.end(),
                                  [](const SpaceSpec &s) { return s.confirmed; });
    spec->source += "; overridden by the user";
  }
  return "";
}

std::optional<DeviceSpec> loadDeviceSpec(std::string_view name, const std::string &overrides_path,
                                         std::string &error) {
  auto spec = findDeviceSpec(name);
  if (!spec) {
    error = "unknown target '" + std::string(name) + "'";
    return std::nullopt;
  }
  if (overrides_path.empty()) return spec;
  std::ifstream in(overrides_path);
  if (!in) {
    error = overrides_path + ": cannot read the device overrides file";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<DeviceSpec> one = {*spec};
  if (std::string problem = applyDeviceOverrides(text.str(), one); !problem.empty()) {
    error = overrides_path + ": " + problem;
    return std::nullopt;
  }
  return one.front();
}

}  // namespace kiln::oracle
