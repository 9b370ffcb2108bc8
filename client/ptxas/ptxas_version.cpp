#include "client/ptxas/ptxas_version.h"

#include <cctype>

namespace kiln::ptxas {

std::optional<PtxasVersion> parsePtxasIdentity(std::string_view identity) {
  constexpr std::string_view kPrefix = "ptxas ";
  if (identity.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view rest = identity.substr(kPrefix.size());
  std::string_view full = rest.substr(0, rest.find(' '));
  // Digits and dots, at least "X.Y": "13.0.88".
  size_t dots = 0;
  for (char c : full) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  if (dots == 0 || full.front() == '.' || full.back() == '.' || full.find("..") != std::string_view::npos)
    return std::nullopt;
  size_t second_dot = full.find('.', full.find('.') + 1);
  PtxasVersion out;
  out.full = std::string(full);
  out.release = std::string(full.substr(0, second_dot));
  out.identity = std::string(identity);
  return out;
}

std::string versionBlock(const std::string &server, const std::string &kiln_version,
                         const std::vector<PtxasVersion> &versions) {
  const PtxasVersion &shown = versions.front();
  std::string out = "kiln-ptxas " + kiln_version + ": ptxas through kilnd at " + server + "\n";
  out += "ptxas: NVIDIA (R) Ptx optimizing assembler, as kilnd's workers run it (" + shown.identity + ")\n";
  out += "Cuda compilation tools, release " + shown.release + ", V" + shown.full + "\n";
  if (versions.size() > 1) {
    out += "kiln-ptxas: note: kilnd's workers run " + std::to_string(versions.size()) + " ptxas versions:";
    for (const PtxasVersion &v : versions) out += " " + v.full;
    out += "; kilnd picks the worker, and the cache key names the one that ran\n";
  }
  return out;
}

}  // namespace kiln::ptxas
