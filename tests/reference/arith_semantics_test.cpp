// Scalar arith semantics: integer wrap-around and division rules, unsigned
// ops, comparisons, casts between widths, and f32/f16/bf16 scalar math.
// Each case is one line of IR whose result is stored as a 1x1 tile.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

struct Case {
  std::string ir;  // computes $r from %a, %b (and %x, %y); $t prefixes temporaries
  double want;
};

std::string replaceAll(std::string text, const std::string &from, const std::string &to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

/// A kernel computing every case and storing case k at element k of %out,
/// whose element type is `type` (i32 or f32).
std::string kernelFor(const std::vector<Case> &cases, const std::string &type) {
  std::string n = std::to_string(cases.size());
  std::string tile = "!tile.tile<1x1x" + type + ">";
  std::string text = "func.func @k(%a: i32, %b: i32, %x: f32, %y: f32, %out: memref<" + n + "x" + type +
                     ">)\n    attributes {tile.kernel, tile.grid = array<i64: 1>} {\n"
                     "  %one = tile.constant 1" + std::string(type == "f32" ? ".0" : "") + " : " + tile + "\n";
  for (size_t k = 0; k < cases.size(); ++k) {
    std::string id = std::to_string(k);
    std::string ir = replaceAll(replaceAll(cases[k].ir, "$r", "%r" + id), "$t", "%t" + id + "_");
    text += "  " + ir + "\n";
    text += "  %i" + id + " = arith.constant " + id + " : index\n";
    text += "  %s" + id + " = tile.scale %one, %r" + id + " : " + tile + ", " + type + "\n";
    text += "  tile.store %s" + id + ", %out[%i" + id + "] : " + tile + ", memref<" + n + "x" + type + ">\n";
  }
  return text + "  return\n}\n";
}

void runCases(const std::vector<Case> &cases, const std::string &type, int32_t a, int32_t b, float x, float y) {
  std::string text = kernelFor(cases, type);
  ElementType element = type == "f32" ? ElementType::kF32 : ElementType::kI32;
  HostTensor out = poisonedTensor(element, {static_cast<int64_t>(cases.size())});
  std::vector<KernelArg> args{a, b, x, y, &out};
  ReferenceResult result = runKernel({"arith.mlir", text}, "k", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics) << text;
  if (element == ElementType::kI32) {
    auto got = intsOf(out);
    for (size_t k = 0; k < cases.size(); ++k)
      EXPECT_EQ(got[k], static_cast<int64_t>(cases[k].want)) << cases[k].ir;
  } else {
    auto got = floatsOf(out);
    for (size_t k = 0; k < cases.size(); ++k) {
      if (std::isnan(cases[k].want))
        EXPECT_TRUE(std::isnan(got[k])) << cases[k].ir;
      else
        EXPECT_EQ(got[k], cases[k].want) << cases[k].ir;
    }
  }
}

TEST(ArithSemanticsTest, IntegerOps) {
  // a = -7, b = 2
  const double kMin = std::numeric_limits<int32_t>::min(), kMax = std::numeric_limits<int32_t>::max();
  runCases({
               {"$r = arith.divsi %a, %b : i32", -3},
               {"$r = arith.remsi %a, %b : i32", -1},
               {"$r = arith.divui %a, %b : i32", 2147483644},
               {"$r = arith.remui %a, %b : i32", 1},
               {"$r = arith.ceildivsi %a, %b : i32", -3},
               {"$r = arith.floordivsi %a, %b : i32", -4},
               {"$r = arith.andi %a, %b : i32", 0},
               {"$r = arith.ori %a, %b : i32", -5},
               {"$r = arith.xori %a, %b : i32", -5},
               {"$r = arith.shli %a, %b : i32", -28},
               {"$r = arith.shrsi %a, %b : i32", -2},
               {"$r = arith.shrui %a, %b : i32", 1073741822},
               {"$r = arith.maxsi %a, %b : i32", 2},
               {"$r = arith.minui %a, %b : i32", 2},
               {"$tm = arith.constant 2147483647 : i32\n  $r = arith.addi $tm, %b : i32", kMin + 1},
               {"$tm = arith.constant -2147483648 : i32\n  $r = arith.subi $tm, %b : i32", kMax - 1},
               {"$tm = arith.constant 65536 : i32\n  $r = arith.muli $tm, $tm : i32", 0},
               {"$tc = arith.cmpi ult, %a, %b : i32\n  $r = arith.extui $tc : i1 to i32", 0},
               {"$tc = arith.cmpi slt, %a, %b : i32\n  $r = arith.extui $tc : i1 to i32", 1},
               {"$tc = arith.cmpi slt, %a, %b : i32\n  $r = arith.extsi $tc : i1 to i32", -1},
               {"$tc = arith.cmpi sgt, %a, %b : i32\n  $r = arith.select $tc, %a, %b : i32", 2},
               {"$ti = arith.index_cast %a : i32 to index\n  $t3 = arith.constant 3 : index\n"
                "  $tp = arith.muli $ti, $t3 : index\n  $r = arith.index_cast $tp : index to i32",
                -21},
               {"$ti = arith.index_castui %a : i32 to index\n  $tk = arith.constant 4294967296 : index\n"
                "  $tc = arith.cmpi ult, $ti, $tk : index\n  $r = arith.extui $tc : i1 to i32",
                1},
               {"$tl = arith.constant 4294967301 : i64\n  $r = arith.trunci $tl : i64 to i32", 5},
               {"$tl = arith.extui %a : i32 to i64\n  $ts = arith.constant 32 : i64\n"
                "  $th = arith.shrui $tl, $ts : i64\n  $r = arith.trunci $th : i64 to i32",
                0},
               {"$tf = arith.constant 3.9e9 : f32\n  $r = arith.fptosi $tf : f32 to i32", kMax},
               {"$tf = arith.constant -3.9e9 : f32\n  $r = arith.fptosi $tf : f32 to i32", kMin},
               {"$tf = arith.constant -2.7 : f32\n  $r = arith.fptosi $tf : f32 to i32", -2},
               {"$tf = arith.constant 0x7FC00000 : f32\n  $r = arith.fptosi $tf : f32 to i32", 0},
               {"$tf = arith.constant -1.5 : f32\n  $r = arith.fptoui $tf : f32 to i32", 0},
           },
           "i32", -7, 2, 0.0f, 0.0f);
}

TEST(ArithSemanticsTest, FloatOpsAndConversions) {
  // x = 1.5, y = -0.0, a = -1, b = 16777217
  const double inf = std::numeric_limits<double>::infinity();
  runCases({
               {"$r = arith.addf %x, %y : f32", 1.5},
               {"$r = arith.subf %y, %x : f32", -1.5},
               {"$r = arith.mulf %x, %x : f32", 2.25},
               {"$r = arith.divf %x, %y : f32", -inf},
               {"$r = arith.negf %x : f32", -1.5},
               {"$tn = arith.constant 0x7FC00000 : f32\n  $r = arith.maxf $tn, %x : f32", 1.5},
               {"$r = arith.minf %x, %y : f32", -0.0},
               {"$r = arith.sitofp %b : i32 to f32", 16777216.0},
               {"$r = arith.uitofp %a : i32 to f32", 4294967296.0},
               // 0.1 in f16 is 0x2E66.
               {"$tf = arith.constant 0.1 : f32\n  $th = arith.truncf $tf : f32 to f16\n"
                "  $r = arith.extf $th : f16 to f32",
                0.0999755859375},
               // 2048 + 1 in f16 ties between 2048 and 2050 and keeps the even one.
               {"$tf = arith.constant 2048.0 : f16\n  $t1 = arith.constant 1.0 : f16\n"
                "  $ts = arith.addf $tf, $t1 : f16\n  $r = arith.extf $ts : f16 to f32",
                2048.0},
               {"$tf = arith.constant 2048.0 : f16\n  $t3 = arith.constant 3.0 : f16\n"
                "  $ts = arith.addf $tf, $t3 : f16\n  $r = arith.extf $ts : f16 to f32",
                2052.0},
               {"$tf = arith.constant 1.00390625 : f32\n  $tb = arith.truncf $tf : f32 to bf16\n"
                "  $r = arith.extf $tb : bf16 to f32",
                1.0},
               {"$tf = arith.constant 1.01171875 : f32\n  $tb = arith.truncf $tf : f32 to bf16\n"
                "  $r = arith.extf $tb : bf16 to f32",
                1.015625},
               {"$tf = arith.constant 70000.0 : f32\n  $th = arith.truncf $tf : f32 to f16\n"
                "  $r = arith.extf $th : f16 to f32",
                inf},
               {"$tn = arith.constant 0x7FC00000 : f32\n  $tc = arith.cmpf ueq, $tn, %x : f32\n"
                "  $r = arith.select $tc, %x, %y : f32",
                1.5},
               {"$tn = arith.constant 0x7FC00000 : f32\n  $tc = arith.cmpf oeq, $tn, $tn : f32\n"
                "  $r = arith.select $tc, %x, %y : f32",
                -0.0},
               {"$tc = arith.cmpf olt, %y, %x : f32\n  $r = arith.select $tc, %x, %y : f32", 1.5},
               {"$tn = arith.constant 0x7FC00000 : f32\n  $r = arith.addf $tn, %x : f32", NAN},
           },
           "f32", -1, 16777217, 1.5f, -0.0f);
}

}  // namespace
}  // namespace kiln::reference::test
