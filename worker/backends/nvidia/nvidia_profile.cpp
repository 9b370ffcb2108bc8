#include "worker/backends/nvidia/nvidia_profile.h"

#include <llvm/Config/llvm-config.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "cache/digest.h"
#include "worker/backends/nvidia/nvidia_ptx_input.h"
#include "worker/backends/nvidia/toolchain/gpu_arch.h"
#include "worker/plan/nvidia_targets.h"

namespace kiln::nvidia {
namespace {

// SHA-256 of a file, remembered per (path, size, mtime): libdevice is half
// a megabyte, and the profile is asked for on every Hello.
std::optional<std::string> fileDigest(const std::string &path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  auto mtime = std::filesystem::last_write_time(path, ec);
  if (ec) return std::nullopt;
  struct Entry {
    std::uintmax_t size;
    std::filesystem::file_time_type mtime;
    std::string digest;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> memo;
  std::lock_guard lock(mutex);
  auto it = memo.find(path);
  if (it != memo.end() && it->second.size == size && it->second.mtime == mtime) return it->second.digest;
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  std::string digest = cache::Digest::of(bytes.str()).hex();
  memo[path] = {size, mtime, digest};
  return digest;
}

void addOverride(std::map<std::string, std::string> &options, const char *name, const auto &value) {
  if (value) options[name] = std::to_string(*value);
}

}  // namespace

ToolchainProfile toolchainProfile(const Toolchains &toolchains) {
  const Config &config = toolchains.config();
  ToolchainProfile profile;
  profile.lowering = kLoweringVersion;
  profile.tools["llvm"] = LLVM_VERSION_STRING;
  if (std::optional<std::string> libdevice = fileDigest(config.libdevice_path))
    profile.tools["libdevice"] = "sha256:" + *libdevice;
  if (toolchains.ptxas()) profile.tools["ptxas"] = toolchains.ptxas()->identity().key();
  if (toolchains.nvcc()) profile.tools["nvcc"] = toolchains.nvcc()->identity().key();
  profile.settings["block_threads"] = std::to_string(config.block_threads);
  addOverride(profile.settings, "shared_per_sm", config.target_overrides.shared_per_sm);
  addOverride(profile.settings, "max_shared_per_block", config.target_overrides.max_shared_per_block);
  addOverride(profile.settings, "static_shared_limit", config.target_overrides.static_shared_limit);
  addOverride(profile.settings, "max_threads_per_block", config.target_overrides.max_threads_per_block);
  profile.settings[validateSetting(InputKind::kPtx)] = kPtxInputVersion;
  return profile;
}

std::vector<EmitRoute> routes() {
  const auto &names = plan::nvidiaTargetNames();
  std::set<std::string> targets(names.begin(), names.end());
  std::set<std::string> ptxArchs(supportedArchs().begin(), supportedArchs().end());
  return {
      {targets, CompilePath::kBuiltin, Emit::kPtx, {"llvm", "libdevice"}},
      {targets, CompilePath::kBuiltin, Emit::kCubin, {"llvm", "libdevice", "ptxas"}},
      {targets, CompilePath::kBuiltin, Emit::kCuda, {"llvm"}},
      {targets, CompilePath::kNvcc, Emit::kPtx, {"nvcc"}},
      {targets, CompilePath::kNvcc, Emit::kCubin, {"nvcc"}},
      {targets, CompilePath::kNvcc, Emit::kFatbin, {"nvcc"}},
      {targets, CompilePath::kNvcc, Emit::kCuda, {}},
      {ptxArchs, CompilePath::kBuiltin, Emit::kCubin, {"ptxas"}, InputKind::kPtx},
  };
}

}  // namespace kiln::nvidia
