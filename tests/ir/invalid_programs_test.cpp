// One input per verifier rule of the spec (tests/ir/invalid/*.mlir). Each
// states the errors it must raise, with their lines, MLIR-style; the test
// fails on a missing, misplaced or unexpected error.
#include <gtest/gtest.h>

#include "tests/support/expected_diagnostics.h"
#include "tests/support/test_files.h"
#include "worker/pipeline/frontend.h"

namespace kiln {
namespace {

struct Case {
  std::filesystem::path file;
  size_t index;
  test::Chunk chunk;
};

std::vector<Case> allCases() {
  std::vector<Case> cases;
  for (const auto &file : test::mlirFilesIn(KILN_INVALID_DIR)) {
    auto chunks = test::splitInputFile(test::readFile(file));
    for (size_t i = 0; i < chunks.size(); ++i) cases.push_back({file, i, chunks[i]});
  }
  return cases;
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const Case &c, std::ostream *os) { *os << c.file.filename().string() << " #" << c.index; }

class InvalidProgramTest : public ::testing::TestWithParam<Case> {};

TEST_P(InvalidProgramTest, ReportsExactlyTheExpectedLocatedErrors) {
  const Case &c = GetParam();
  auto expected = test::parseExpectations(c.chunk.text);
  ASSERT_FALSE(expected.empty()) << "a case must state the error it expects";
  VerifyResult result = verifySource({c.file.filename().string(), c.chunk.text});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(test::checkExpectations(expected, result.diagnostics), "");
  for (const Diagnostic &d : result.diagnostics) {
    EXPECT_EQ(d.file, c.file.filename().string());
    EXPECT_GT(d.line, 0u) << d.message;
    EXPECT_GT(d.column, 0u) << d.message;
  }
}

TEST(InvalidProgramSet, CoversEveryRuleFile) {
  EXPECT_GE(test::mlirFilesIn(KILN_INVALID_DIR).size(), 7u);
  EXPECT_GE(allCases().size(), 40u);
}

INSTANTIATE_TEST_SUITE_P(Rules, InvalidProgramTest, ::testing::ValuesIn(allCases()),
                         [](const auto &info) {
                           return test::testName(info.param.file.stem().string() + "_" +
                                                 std::to_string(info.param.index));
                         });

}  // namespace
}  // namespace kiln
