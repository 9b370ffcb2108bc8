// Every example kernel has a test in this folder that runs it against an
// independent computation; a new example without one fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

// The examples with a *_test.cpp here that checks their numbers.
const std::set<std::string> kTestedExamples = {
    "attention_block", "column_stats",         "elementwise_ops",
    "gemm",            "helper_and_branch",    "layernorm",
    "mixed_precision_gemm", "softmax_rows",    "vec_add",
};

TEST(ExampleCoverage, AtLeastNineExamplesAreFound) {
  // The suite must not pass vacuously when ../shared or examples/ is missing.
  EXPECT_GE(exampleStems().size(), 9u) << "looked in " KILN_SHARED_DIR_HINT " and examples/";
}

TEST(ExampleCoverage, EveryExampleHasANumericTest) {
  for (const std::string &stem : exampleStems())
    EXPECT_TRUE(kTestedExamples.count(stem)) << stem << ".mlir has no reference test";
  for (const std::string &stem : kTestedExamples) {
    auto stems = exampleStems();
    EXPECT_NE(std::find(stems.begin(), stems.end(), stem), stems.end()) << stem << ".mlir is missing";
  }
}

}  // namespace
}  // namespace kiln::reference::test
