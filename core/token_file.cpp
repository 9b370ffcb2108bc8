#include "core/token_file.h"

#include <fstream>
#include <sstream>

namespace kiln {

std::optional<std::string> readTokenFile(const std::string &path, std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read token file " + path;
    return std::nullopt;
  }
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string first, second;
    fields >> first >> second;
    if (first.empty() || first[0] == '#') continue;
    return second.empty() ? first : second;
  }
  error = path + ": no token in the file";
  return std::nullopt;
}

}  // namespace kiln
