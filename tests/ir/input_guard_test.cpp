// The byte-level checks that run before the MLIR parser.
#include <gtest/gtest.h>

#include "worker/ir/input_guard.h"

namespace kiln {
namespace {

TEST(InputGuard, AcceptsOrdinarySource) {
  EXPECT_FALSE(checkInput("f", "func.func @f() {\n  return\n}\n", InputLimits{}));
}

TEST(InputGuard, BracketsInCommentsAndStringsDoNotCount) {
  InputLimits limits;
  limits.max_nesting_depth = 2;
  EXPECT_FALSE(checkInput("f", "// {{{{{{{{\n\"((((((\\\"((((\" {}\n", limits));
  auto d = checkInput("f", "{\n {\n  {\n", limits);
  ASSERT_TRUE(d);
  EXPECT_EQ(formatHeadline(*d), "f:3:3: error: nesting is deeper than 2 levels of brackets");
}

TEST(InputGuard, ClosersBelowZeroDoNotHideLaterNesting) {
  InputLimits limits;
  limits.max_nesting_depth = 3;
  EXPECT_TRUE(checkInput("f", "}}}}}}}}{{{{", limits));
}

TEST(InputGuard, ComparisonsDoNotCloseBrackets) {
  // Issue #13: "(d0 >= 0)>" closed two brackets and one was hidden.
  InputLimits limits;
  limits.max_nesting_depth = 3;
  auto d = checkInput("f", "{ >= { >= { >= { >=", limits);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->column, 16u);
}

TEST(InputGuard, AffineMapsAndSetsAreRefusedOutsideCommentsAndStrings) {
  EXPECT_TRUE(checkInput("f", "#s = affine_set<(d0) : (d0 >= 0)>\n", InputLimits{}));
  auto d = checkInput("f", "\n  x = affine_map<(d0) -> (d0)>", InputLimits{});
  ASSERT_TRUE(d);
  EXPECT_EQ(formatHeadline(*d),
            "f:2:7: error: affine_map is not part of Tile IR; memrefs have static shapes and conditions are arith "
            "values [ir.input]");
  EXPECT_FALSE(checkInput("f", "// affine_map<\n\"affine_set\" my_affine_map x.affine_set2\n", InputLimits{}));
}

TEST(InputGuard, NulIsLocated) {
  auto d = checkInput("f", std::string("ab\ncd\0", 6), InputLimits{});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->line, 2u);
  EXPECT_EQ(d->column, 3u);
}

TEST(InputGuard, SizeLimit) {
  InputLimits limits;
  limits.max_bytes = 3;
  EXPECT_TRUE(checkInput("f", "abcd", limits));
  EXPECT_FALSE(checkInput("f", "abc", limits));
}

}  // namespace
}  // namespace kiln
