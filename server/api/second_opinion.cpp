#include "server/api/second_opinion.h"

#include <cstdint>

namespace kiln::server {

bool needsSecondOpinion(const std::string &key, bool worker_trusted, double fraction) {
  if (!worker_trusted) return true;
  if (fraction <= 0) return false;
  if (fraction >= 1) return true;
  // The key is a SHA-256 in hex: its first 8 digits are uniform.
  std::uint32_t draw = 0;
  for (std::size_t i = 0; i < 8 && i < key.size(); ++i) {
    char c = key[i];
    std::uint32_t digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
    draw = draw << 4 | digit;
  }
  return static_cast<double>(draw) < fraction * 4294967296.0;
}

bool sameArtifacts(const CompileResult &a, const CompileResult &b) {
  if (a.ok() != b.ok() || a.artifacts.size() != b.artifacts.size()) return false;
  for (std::size_t i = 0; i < a.artifacts.size(); ++i) {
    const Artifact &x = a.artifacts[i], &y = b.artifacts[i];
    if (x.name != y.name || x.kind != y.kind || x.bytes != y.bytes) return false;
  }
  return true;
}

}  // namespace kiln::server
