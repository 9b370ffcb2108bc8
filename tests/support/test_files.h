// Locations of test inputs: the shared examples, kiln's own examples, and
// the data folders under tests/.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kiln::test {

std::string readFile(const std::filesystem::path &path);

/// Every .mlir file in ../shared/examples, sorted.
std::vector<std::filesystem::path> sharedExamples();
/// Every .mlir file in examples/, sorted.
std::vector<std::filesystem::path> localExamples();
/// Both of the above.
std::vector<std::filesystem::path> allExamples();

/// Every .mlir file in `folder`, sorted.
std::vector<std::filesystem::path> mlirFilesIn(const std::filesystem::path &folder);

std::filesystem::path sourceDir();
std::filesystem::path binDir();

/// A name usable in a gtest parameter name: letters, digits and '_'.
std::string testName(const std::string &text);

}  // namespace kiln::test
