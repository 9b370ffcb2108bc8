// kiln-ptxas --version: the version block of the ptxas kilnd's workers run,
// in ptxas's own shape, so that a producer parsing ptxas --version reads the
// real toolchain's release (Triton: `.*release (\d+\.\d+).*`, first match,
// and the version goes into Triton's own cache key).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::ptxas {

struct PtxasVersion {
  std::string full;     // "13.0.88"
  std::string release;  // "13.0"
  std::string identity; // "ptxas 13.0.88 sha256:<hex>", as the worker advertised it
};

/// The version in a worker's toolchain identity "ptxas 13.0.88 sha256:<hex>";
/// nothing when it is not a ptxas identity with a dotted version.
std::optional<PtxasVersion> parsePtxasIdentity(std::string_view identity);

/// The block --version prints: a first line naming kiln-ptxas and kilnd's
/// address (no "release" in it), then ptxas's lines with the release line
/// `Cuda compilation tools, release 13.0, V13.0.88`. `versions` are the
/// distinct ptxas identities kilnd's workers advertise, at least one; the
/// first is the one shown, the others are named in a note line after it.
std::string versionBlock(const std::string &server, const std::string &kiln_version,
                         const std::vector<PtxasVersion> &versions);

}  // namespace kiln::ptxas
