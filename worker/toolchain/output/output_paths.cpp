#include "worker/toolchain/output/output_paths.h"

#include <algorithm>

namespace kiln::toolchain {
namespace {

constexpr std::string_view kTmpxft = "tmpxft_";

bool endsPathToken(char c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '"': case '\'': case '`': case ',':
    case ';': case ':': case '(': case ')': case '[': case ']': case '<': case '>': case '=':
      return true;
    default:
      return false;
  }
}

std::string_view baseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string stripTmpxftPrefix(std::string_view name) {
  // tmpxft_<pid hex>_<counter hex>-<stage>_<original name>
  if (name.substr(0, kTmpxft.size()) != kTmpxft) return std::string(name);
  size_t first = name.find('_', kTmpxft.size());
  if (first == std::string_view::npos) return std::string(name);
  size_t second = name.find('_', first + 1);
  if (second == std::string_view::npos || second + 1 >= name.size()) return std::string(name);
  return std::string(name.substr(second + 1));
}

std::string OutputPaths::logicalPath(std::string_view path) const {
  std::string relative;
  if (!work_dir.empty() && path.size() > work_dir.size() &&
      path.substr(0, work_dir.size()) == work_dir && path[work_dir.size()] == '/') {
    relative = std::string(path.substr(work_dir.size() + 1));
  } else if (!work_dir.empty() && path == work_dir) {
    return ".";
  } else if (!path.empty() && path[0] == '/') {
    // nvcc's intermediates land in /tmp when TMPDIR is not honoured.
    if (baseName(path).substr(0, kTmpxft.size()) == kTmpxft) return stripTmpxftPrefix(baseName(path));
    return std::string(path);
  } else {
    relative = std::string(path);
  }
  while (relative.substr(0, 2) == "./") relative.erase(0, 2);
  if (baseName(relative).substr(0, kTmpxft.size()) == kTmpxft)
    relative = stripTmpxftPrefix(baseName(relative));
  for (const auto &[actual, logical] : logical_names)
    if (relative == actual) return logical;
  return relative;
}

std::string OutputPaths::rewrite(std::string_view text) const {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t in_work_dir = work_dir.empty() ? std::string_view::npos : text.find(work_dir, pos);
    size_t hit = std::min(in_work_dir, text.find(kTmpxft, pos));
    if (hit == std::string_view::npos) break;
    size_t start = hit;
    while (start > pos && !endsPathToken(text[start - 1])) --start;
    size_t end = hit;
    while (end < text.size() && !endsPathToken(text[end])) ++end;
    out.append(text.substr(pos, start - pos));
    out += logicalPath(text.substr(start, end - start));
    pos = end;
  }
  if (pos < text.size()) out.append(text.substr(pos));
  return out;
}

}  // namespace kiln::toolchain
