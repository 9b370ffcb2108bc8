#include "client/cli/source_reader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace kiln::cli {
namespace {

ReadResult failure(const std::string &path, std::string message) {
  ReadResult result;
  result.error.file = path;
  result.error.message = std::move(message);
  return result;
}

}  // namespace

ReadResult readSource(const std::string &path, size_t max_bytes) {
  ReadResult result;
  if (path == "-") {
    std::string text;
    char buffer[1 << 16];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      text.append(buffer, static_cast<size_t>(std::cin.gcount()));
      if (text.size() > max_bytes)
        return failure("<stdin>", "input is over the limit of " + std::to_string(max_bytes) + " bytes");
    }
    result.source = SourceFile{"<stdin>", std::move(text)};
    return result;
  }
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return failure(path, "no such file");
  if (std::filesystem::is_directory(status)) return failure(path, "is a directory, not a source file");
  if (std::filesystem::is_regular_file(status)) {
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes)
      return failure(path, "input is " + std::to_string(size) + " bytes, over the limit of " +
                               std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(path, std::string("cannot open: ") + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return failure(path, "read error");
  result.source = SourceFile{path, std::move(text)};
  return result;
}

}  // namespace kiln::cli
