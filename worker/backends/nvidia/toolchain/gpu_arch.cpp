#include "worker/backends/nvidia/toolchain/gpu_arch.h"

#include <algorithm>
#include <cctype>

namespace kiln::nvidia {

const std::vector<std::string> &supportedArchs() {
  // The arch-specific variants (wgmma, tcgen05) are what Triton asks ptxas
  // for on Hopper and Blackwell; their cubins run only on that arch.
  static const std::vector<std::string> archs = {"sm_75", "sm_80",  "sm_86",   "sm_89",  "sm_90",
                                                 "sm_90a", "sm_100", "sm_100a", "sm_120", "sm_120a"};
  return archs;
}

bool isSupportedArch(std::string_view arch) {
  const std::vector<std::string> &archs = supportedArchs();
  return std::find(archs.begin(), archs.end(), arch) != archs.end();
}

std::optional<Diagnostic> checkArch(std::string_view arch, std::string_view tool) {
  if (isSupportedArch(arch)) return std::nullopt;
  // Echo the rejected value only when it is short and printable; it came
  // from a client and ends up in logs.
  bool printable = arch.size() <= 32 && std::all_of(arch.begin(), arch.end(), [](char c) {
                     return std::isprint(static_cast<unsigned char>(c));
                   });
  Diagnostic d;
  d.tool = std::string(tool);
  d.message = "unsupported GPU architecture '" +
              (printable ? std::string(arch) : std::string("<") + std::to_string(arch.size()) + " bytes>") +
              "' (supported: ";
  const std::vector<std::string> &archs = supportedArchs();
  for (size_t i = 0; i < archs.size(); ++i) d.message += (i ? ", " : "") + archs[i];
  d.message += ")";
  return d;
}

std::string baseArch(std::string_view arch) {
  if (!arch.empty() && arch.back() == 'a') arch.remove_suffix(1);
  return std::string(arch);
}

std::string virtualArch(std::string_view arch) {
  if (arch.substr(0, 3) == "sm_") return "compute_" + std::string(arch.substr(3));
  return std::string(arch);
}

}  // namespace kiln::nvidia
