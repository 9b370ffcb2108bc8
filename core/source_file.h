// A kernel's source as it arrived: the name it is reported under and its
// bytes. The name is data (it names diagnostics and artifacts), never a path
// anything is opened at.
#pragma once

#include <cctype>
#include <string>

namespace kiln {

struct SourceFile {
  std::string name;  // used in diagnostics: file:line:col
  std::string text;
};

/// The base name every backend gives its artifacts: the source name's stem
/// ("dir/gemm.mlir" -> "gemm"), reduced to characters safe in any file name.
inline std::string artifactStem(const std::string &sourceName) {
  std::string base = sourceName.substr(sourceName.find_last_of('/') + 1);
  base = base.substr(0, base.find('.'));
  std::string stem;
  for (char c : base) stem += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '_';
  return stem.empty() ? "kernel" : stem;
}

}  // namespace kiln
