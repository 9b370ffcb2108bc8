#include "client/ptxas/ptxas_file_stamps.h"

#include <sys/stat.h>

#include <regex>

namespace kiln::ptxas {

std::string stampSourceFiles(std::string ptx) {
  // A whole `.file N "name"` line with nothing after the name but blanks or
  // a comment; names with escapes are left alone.
  static const std::regex file_line(R"re(^([ \t]*\.file[ \t]+\d+[ \t]+"([^"\\\n]*)")([ \t]*(//[^\n]*)?)$)re");
  std::string out;
  out.reserve(ptx.size() + 256);
  size_t start = 0;
  while (start < ptx.size()) {
    size_t end = ptx.find('\n', start);
    if (end == std::string::npos) end = ptx.size();
    std::string line = ptx.substr(start, end - start);
    std::smatch m;
    struct stat st;
    // Only lines that start a directive are looked at: a long line of code
    // never reaches the regex.
    if (line.find(".file") != std::string::npos && line.size() < 4096 && std::regex_match(line, m, file_line) &&
        ::stat(m[2].str().c_str(), &st) == 0 && S_ISREG(st.st_mode))
      line = m[1].str() + ", " + std::to_string(static_cast<long long>(st.st_mtime)) + ", " +
             std::to_string(static_cast<long long>(st.st_size)) + m[3].str();
    out += line;
    if (end < ptx.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace kiln::ptxas
