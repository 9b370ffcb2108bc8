// Every shared and local example verifies, round-trips through both printers,
// and keeps its digest across the round trip.
#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/pipeline/frontend.h"

namespace kiln {
namespace {

using test::allExamples;

TEST(ExampleSet, SharedExamplesArePresent) {
  // The suite must not pass vacuously when ../shared is missing.
  EXPECT_GE(test::sharedExamples().size(), 5u) << "looked in " KILN_SHARED_DIR_HINT;
  EXPECT_GE(test::localExamples().size(), 4u);
}

class ExampleTest : public ::testing::TestWithParam<std::filesystem::path> {
 protected:
  SourceFile source() const { return {GetParam().string(), test::readFile(GetParam())}; }
};

TEST_P(ExampleTest, VerifiesWithoutAnyDiagnostic) {
  VerifyResult result = verifySource(source());
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << formatHeadline(result.diagnostics.front());
  ASSERT_FALSE(result.kernels.empty());
  for (const KernelSummary &kernel : result.kernels) {
    EXPECT_FALSE(kernel.grid.empty()) << kernel.name;
    EXPECT_GT(kernel.line, 0u) << kernel.name;
  }
}

TEST_P(ExampleTest, CustomFormRoundTrips) {
  PrintResult first = printSource(source(), PrintForm::kCustom);
  ASSERT_TRUE(first.ok());
  PrintResult second = printSource({"printed.mlir", first.text}, PrintForm::kCustom);
  ASSERT_TRUE(second.ok()) << first.text;
  EXPECT_EQ(first.text, second.text);
  // The printer keeps the spec's spelling of tile types.
  EXPECT_NE(first.text.find("!tile.tile<"), std::string::npos);
}

TEST_P(ExampleTest, GenericFormRoundTripsToTheSameModule) {
  PrintResult generic = printSource(source(), PrintForm::kGeneric);
  ASSERT_TRUE(generic.ok());
  PrintResult again = printSource({"generic.mlir", generic.text}, PrintForm::kGeneric);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(generic.text, again.text);
  PrintResult custom = printSource(source(), PrintForm::kCustom);
  PrintResult customFromGeneric = printSource({"generic.mlir", generic.text}, PrintForm::kCustom);
  EXPECT_EQ(custom.text, customFromGeneric.text);
}

TEST_P(ExampleTest, DigestSurvivesPrinting) {
  DigestResult original = digestSource(source());
  ASSERT_TRUE(original.ok());
  PrintResult printed = printSource(source(), PrintForm::kCustom);
  DigestResult reparsed = digestSource({"printed.mlir", printed.text});
  EXPECT_EQ(original.digest, reparsed.digest);
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTest, ::testing::ValuesIn(allExamples()),
                         [](const auto &info) {
                           return test::testName(info.param.parent_path().parent_path().filename().string() +
                                                 "_" + info.param.stem().string());
                         });

}  // namespace
}  // namespace kiln
