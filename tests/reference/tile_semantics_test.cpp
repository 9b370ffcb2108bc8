// The exact numerics the GPU lowering must reproduce, one rule at a time:
// f16/bf16 rounding of each result, accumulation order of reductions, cast
// rounding and saturation, i32 wrap-around, and matmul on i32 operands.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/reference/reference_test_support.h"
#include "worker/reference/float_formats.h"

namespace kiln::reference::test {
namespace {

/// Runs a one-instance kernel `@k(%in: memref<SHAPE x IN>, %out: memref<OUTSHAPE x OUT>)`
/// whose body is `body` (reading %in at %c0 and storing to %out at %c0).
ReferenceResult runBody(const std::string &signature, const std::string &body, std::vector<KernelArg> args) {
  std::string text = "func.func @k(" + signature +
                     ")\n    attributes {tile.kernel, tile.grid = array<i64: 1>} {\n"
                     "  %c0 = arith.constant 0 : index\n" +
                     body + "  return\n}\n";
  ReferenceResult result = runKernel({"semantics.mlir", text}, "k", args);
  EXPECT_TRUE(result.ok()) << describe(result.diagnostics) << text;
  return result;
}

TEST(TileSemanticsTest, HalfOpsRoundEachResultToNearestEven) {
  auto a = randomFloats(256, 91, -4000.0f, 4000.0f);
  auto b = randomFloats(256, 92, -4000.0f, 4000.0f);
  a[0] = 2048.0f, b[0] = 1.0f;  // 2049: tie, keeps 2048
  a[1] = 2048.0f, b[1] = 3.0f;  // 2051: tie, goes to 2052
  HostTensor ta = floatTensor(ElementType::kF16, {16, 16}, a), tb = floatTensor(ElementType::kF16, {16, 16}, b);
  HostTensor sum = poisonedTensor(ElementType::kF16, {16, 16}), quot = poisonedTensor(ElementType::kF16, {16, 16});
  runBody("%a: memref<16x16xf16>, %b: memref<16x16xf16>, %s: memref<16x16xf16>, %q: memref<16x16xf16>",
          "  %ta = tile.load %a[%c0, %c0] : memref<16x16xf16> -> !tile.tile<16x16xf16>\n"
          "  %tb = tile.load %b[%c0, %c0] : memref<16x16xf16> -> !tile.tile<16x16xf16>\n"
          "  %ts = tile.add %ta, %tb : !tile.tile<16x16xf16>\n"
          "  %tq = tile.div %ta, %tb : !tile.tile<16x16xf16>\n"
          "  tile.store %ts, %s[%c0, %c0] : !tile.tile<16x16xf16>, memref<16x16xf16>\n"
          "  tile.store %tq, %q[%c0, %c0] : !tile.tile<16x16xf16>, memref<16x16xf16>\n",
          {&ta, &tb, &sum, &quot});
  auto ha = floatsOf(ta), hb = floatsOf(tb), s = floatsOf(sum), q = floatsOf(quot);
  EXPECT_EQ(s[0], 2048.0f);
  EXPECT_EQ(s[1], 2052.0f);
  for (size_t k = 0; k < 256; ++k) {
    // The exact sum rounded to f32 (what an f32 add gives), then to half.
    EXPECT_EQ(s[k], halfToFloat(floatToHalf(static_cast<float>(double{ha[k]} + hb[k])))) << k;
    EXPECT_EQ(q[k], halfToFloat(floatToHalf(ha[k] / hb[k]))) << k;
  }
}

TEST(TileSemanticsTest, ReductionsAccumulateSequentiallyInIndexOrder) {
  // In f32, 1e8 + 1 is 1e8, so each of these sums depends on the order of
  // its additions; the expected values are those of a sequential sum from 0
  // (row 1 summed in reverse would give 1).
  std::vector<float> x = {1e8f, 1.0f, -1e8f, 1.0f,
                          1.0f, 1e8f, 1.0f, -1e8f,
                          NAN,  3.0f, -2.0f, 5.0f,
                          -1e8f, 1.0f, 1e8f, 1.0f};
  HostTensor tx = floatTensor(ElementType::kF32, {4, 4}, x);
  HostTensor rowSum = poisonedTensor(ElementType::kF32, {4, 1}), colSum = poisonedTensor(ElementType::kF32, {1, 4});
  HostTensor rowMax = poisonedTensor(ElementType::kF32, {4, 1});
  runBody("%x: memref<4x4xf32>, %rs: memref<4x1xf32>, %cs: memref<1x4xf32>, %rm: memref<4x1xf32>",
          "  %t = tile.load %x[%c0, %c0] : memref<4x4xf32> -> !tile.tile<4x4xf32>\n"
          "  %a = tile.reduce_sum %t {axis = 1} : !tile.tile<4x4xf32> -> !tile.tile<4x1xf32>\n"
          "  %b = tile.reduce_sum %t {axis = 0} : !tile.tile<4x4xf32> -> !tile.tile<1x4xf32>\n"
          "  %m = tile.reduce_max %t {axis = 1} : !tile.tile<4x4xf32> -> !tile.tile<4x1xf32>\n"
          "  tile.store %a, %rs[%c0, %c0] : !tile.tile<4x1xf32>, memref<4x1xf32>\n"
          "  tile.store %b, %cs[%c0, %c0] : !tile.tile<1x4xf32>, memref<1x4xf32>\n"
          "  tile.store %m, %rm[%c0, %c0] : !tile.tile<4x1xf32>, memref<4x1xf32>\n",
          {&tx, &rowSum, &colSum, &rowMax});
  auto rs = floatsOf(rowSum), cs = floatsOf(colSum), rm = floatsOf(rowMax);
  EXPECT_EQ(rs[0], 1.0f);
  EXPECT_EQ(rs[1], 0.0f);
  EXPECT_TRUE(std::isnan(rs[2]));
  EXPECT_EQ(rs[3], 1.0f);
  // Column 0 meets a NaN; column 1 is ((1 + 1e8) + 3) + 1, which stays 1e8.
  EXPECT_TRUE(std::isnan(cs[0]));
  EXPECT_EQ(cs[1], 1e8f);
  // reduce_max uses fmaxf, which skips a NaN.
  EXPECT_EQ(rm[0], 1e8f);
  EXPECT_EQ(rm[2], 5.0f);
}

TEST(TileSemanticsTest, CastsRoundToNearestEvenAndSaturate) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {2.5f, 3.5f, -2.5f, -0.4f, 1e10f, -1e10f, NAN, inf, 2147483520.0f, 70000.0f, 0.1f, -inf};
  std::vector<int32_t> want = {2, 4, -2, 0, std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(),
                               0, std::numeric_limits<int32_t>::max(), 2147483520, 70000, 0,
                               std::numeric_limits<int32_t>::min()};
  HostTensor tx = floatTensor(ElementType::kF32, {1, 12}, x);
  HostTensor ti = poisonedTensor(ElementType::kI32, {1, 12}), th = poisonedTensor(ElementType::kF16, {1, 12});
  runBody("%x: memref<1x12xf32>, %i: memref<1x12xi32>, %h: memref<1x12xf16>",
          "  %t = tile.load %x[%c0, %c0] : memref<1x12xf32> -> !tile.tile<1x12xf32>\n"
          "  %ci = tile.cast %t : !tile.tile<1x12xf32> -> !tile.tile<1x12xi32>\n"
          "  %ch = tile.cast %t : !tile.tile<1x12xf32> -> !tile.tile<1x12xf16>\n"
          "  tile.store %ci, %i[%c0, %c0] : !tile.tile<1x12xi32>, memref<1x12xi32>\n"
          "  tile.store %ch, %h[%c0, %c0] : !tile.tile<1x12xf16>, memref<1x12xf16>\n",
          {&tx, &ti, &th});
  EXPECT_EQ(intsOf(ti), want);
  auto h = floatsOf(th);
  EXPECT_EQ(h[9], inf);
  EXPECT_EQ(h[10], 0.0999755859375f);
  EXPECT_TRUE(std::isnan(h[6]));
}

TEST(TileSemanticsTest, IntToBFloat16RoundsOnceNotThroughF32) {
  // 2^24 + 2^16 + 1 is just above a bf16 tie: it rounds up to 2^24 + 2^17.
  // Through f32 it would first become 2^24 + 2^16, a tie, and then 2^24.
  std::vector<int32_t> x = {(1 << 24) + (1 << 16) + 1, 16777217, -3, 1000};
  HostTensor tx = intTensor({1, 4}, x);
  HostTensor tb = poisonedTensor(ElementType::kBF16, {1, 4}), tf = poisonedTensor(ElementType::kF32, {1, 4});
  runBody("%x: memref<1x4xi32>, %b: memref<1x4xbf16>, %f: memref<1x4xf32>",
          "  %t = tile.load %x[%c0, %c0] : memref<1x4xi32> -> !tile.tile<1x4xi32>\n"
          "  %cb = tile.cast %t : !tile.tile<1x4xi32> -> !tile.tile<1x4xbf16>\n"
          "  %cf = tile.cast %t : !tile.tile<1x4xi32> -> !tile.tile<1x4xf32>\n"
          "  tile.store %cb, %b[%c0, %c0] : !tile.tile<1x4xbf16>, memref<1x4xbf16>\n"
          "  tile.store %cf, %f[%c0, %c0] : !tile.tile<1x4xf32>, memref<1x4xf32>\n",
          {&tx, &tb, &tf});
  EXPECT_EQ(floatsOf(tb), (std::vector<float>{16908288.0f, 16777216.0f, -3.0f, 1000.0f}));
  EXPECT_EQ(floatsOf(tf), (std::vector<float>{16842752.0f, 16777216.0f, -3.0f, 1000.0f}));
}

TEST(TileSemanticsTest, I32MatmulConvertsOperandsAndAccumulatesWithFma) {
  // [2^24 + 1, 3] . [1, 1]^T: the operand rounds to 2^24 first, then + 3.
  std::vector<int32_t> a = {16777217, 3, -4, 5};
  std::vector<int32_t> b = {1, 2, 1, -1};
  HostTensor ta = intTensor({2, 2}, a), tb = intTensor({2, 2}, b);
  HostTensor tc = poisonedTensor(ElementType::kF32, {2, 2});
  runBody("%a: memref<2x2xi32>, %b: memref<2x2xi32>, %c: memref<2x2xf32>",
          "  %ta = tile.load %a[%c0, %c0] : memref<2x2xi32> -> !tile.tile<2x2xi32>\n"
          "  %tb = tile.load %b[%c0, %c0] : memref<2x2xi32> -> !tile.tile<2x2xi32>\n"
          "  %acc = tile.constant 0.5 : !tile.tile<2x2xf32>\n"
          "  %tc = tile.matmul %ta, %tb, %acc : !tile.tile<2x2xi32>, !tile.tile<2x2xi32>, !tile.tile<2x2xf32> -> !tile.tile<2x2xf32>\n"
          "  tile.store %tc, %c[%c0, %c0] : !tile.tile<2x2xf32>, memref<2x2xf32>\n",
          {&ta, &tb, &tc});
  // (0, 0): fma(2^24, 1, 0.5) -> 2^24, then fma(3, 1, 2^24) = 2^24 + 3 -> 2^24 + 4 (tie to even).
  // (0, 1): fma(2^24, 2, 0.5) -> 2^25, then fma(3, -1, 2^25) = 2^25 - 3 -> 2^25 - 4 (tie to even).
  // Row 1: -4 + 5 + 0.5 and -8 - 5 + 0.5, exact.
  EXPECT_EQ(floatsOf(tc), (std::vector<float>{16777220.0f, 33554428.0f, 1.5f, -12.5f}));
}

TEST(TileSemanticsTest, IntOpsWrapAndBroadcastRepeatsRowsAndColumns) {
  std::vector<int32_t> row = {1 << 30, -(1 << 30), 7, std::numeric_limits<int32_t>::min()};
  HostTensor tr = intTensor({1, 4}, row);
  HostTensor out = poisonedTensor(ElementType::kI32, {3, 4}), col = poisonedTensor(ElementType::kI32, {6, 3});
  runBody("%r: memref<1x4xi32>, %o: memref<3x4xi32>, %q: memref<6x3xi32>, %s: i32",
          "  %t = tile.load %r[%c0, %c0] : memref<1x4xi32> -> !tile.tile<1x4xi32>\n"
          "  %scaled = tile.scale %t, %s : !tile.tile<1x4xi32>, i32\n"
          "  %b = tile.broadcast %scaled : !tile.tile<1x4xi32> -> !tile.tile<3x4xi32>\n"
          "  tile.store %b, %o[%c0, %c0] : !tile.tile<3x4xi32>, memref<3x4xi32>\n"
          "  %c = tile.reduce_max %b {axis = 1} : !tile.tile<3x4xi32> -> !tile.tile<3x1xi32>\n"
          "  %ones = tile.constant 1 : !tile.tile<3x1xi32>\n"
          "  %c2 = tile.add %c, %ones : !tile.tile<3x1xi32>\n"
          "  %wide = tile.broadcast %c2 : !tile.tile<3x1xi32> -> !tile.tile<3x3xi32>\n"
          "  tile.store %wide, %q[%c0, %c0] : !tile.tile<3x3xi32>, memref<6x3xi32>\n",
          {&tr, &out, &col, int32_t{4}});
  // 2^30 * 4 wraps to 0; -2^30 * 4 wraps to 0; INT_MIN * 4 wraps to 0.
  auto o = intsOf(out);
  for (int r = 0; r < 3; ++r) EXPECT_EQ((std::vector<int32_t>(o.begin() + 4 * r, o.begin() + 4 * r + 4)),
                                        (std::vector<int32_t>{0, 0, 28, 0}));
  auto q = intsOf(col);
  for (int k = 0; k < 9; ++k) EXPECT_EQ(q[k], 29) << k;
  for (int k = 9; k < 18; ++k) EXPECT_EQ(q[k], -1) << k;  // untouched
}

TEST(TileSemanticsTest, HalfSoftmaxRoundsEachProbabilityOnce) {
  std::vector<float> x = {0.5f, -1.25f, 3.0f, 0.0f, 2.0f, 2.0f, 2.0f, 2.0f};
  HostTensor tx = floatTensor(ElementType::kF16, {2, 4}, x);
  HostTensor ty = poisonedTensor(ElementType::kF16, {2, 4});
  runBody("%x: memref<2x4xf16>, %y: memref<2x4xf16>",
          "  %t = tile.load %x[%c0, %c0] : memref<2x4xf16> -> !tile.tile<2x4xf16>\n"
          "  %s = tile.softmax %t {axis = 1} : !tile.tile<2x4xf16>\n"
          "  tile.store %s, %y[%c0, %c0] : !tile.tile<2x4xf16>, memref<2x4xf16>\n",
          {&tx, &ty});
  auto y = floatsOf(ty);
  double sum = std::exp(0.5 - 3) + std::exp(-1.25 - 3) + 1 + std::exp(-3.0);
  double want[] = {std::exp(0.5 - 3) / sum, std::exp(-1.25 - 3) / sum, 1 / sum, std::exp(-3.0) / sum};
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(y[k], halfToFloat(floatToHalf(y[k]))) << k;  // representable in f16
    EXPECT_NEAR(y[k], want[k], std::ldexp(want[k], -11) + 1e-7) << k;
  }
  for (int k = 4; k < 8; ++k) EXPECT_EQ(y[k], 0.25f);
}

}  // namespace
}  // namespace kiln::reference::test
