#include "tests/support/test_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kiln::test {

std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::filesystem::path> mlirFilesIn(const std::filesystem::path &folder) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
    if (entry.path().extension() == ".mlir") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::filesystem::path sourceDir() { return KILN_SOURCE_DIR; }
std::filesystem::path binDir() { return KILN_BIN_DIR; }

std::vector<std::filesystem::path> sharedExamples() {
  return mlirFilesIn(std::filesystem::path(KILN_SHARED_DIR) / "examples");
}

std::vector<std::filesystem::path> localExamples() { return mlirFilesIn(sourceDir() / "examples"); }

std::vector<std::filesystem::path> allExamples() {
  auto files = sharedExamples();
  auto local = localExamples();
  files.insert(files.end(), local.begin(), local.end());
  return files;
}

std::string testName(const std::string &text) {
  std::string name;
  for (char c : text) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

}  // namespace kiln::test
