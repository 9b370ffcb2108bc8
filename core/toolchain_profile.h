// What a worker compiles with, as it enters cache keys: the identities of
// its tools, the settings that change output, and its backend's lowering
// version. kilnd keys a request with the profile of the worker that will run
// it, so a worker advertises its profile; kilnd never computes one.
#pragma once

#include <map>
#include <string>

#include "core/input_kind.h"

namespace kiln {

struct ToolchainProfile {
  // "llvm" -> "16.0.6", "libdevice" -> "sha256:<hex>", "ptxas"/"nvcc" ->
  // "ptxas 13.0.88 sha256:<hex>". A tool that was not found is absent.
  std::map<std::string, std::string> tools;
  // "block_threads" and any target overrides, as decimal strings; and per
  // source kind a backend takes besides Tile IR, the version of its checks
  // ("validate.ptx" -> "kiln-ptx-oracle.1"), which only that kind's keys use.
  std::map<std::string, std::string> settings;
  // Names the backend's own code generation ("kiln-nvidia.2"); a backend
  // bumps it when its output for the same input changes.
  std::string lowering;
  friend bool operator==(const ToolchainProfile &, const ToolchainProfile &) = default;
};

inline constexpr const char *kValidateSettingPrefix = "validate.";
inline std::string validateSetting(InputKind kind) { return kValidateSettingPrefix + std::string(inputKindName(kind)); }

}  // namespace kiln
