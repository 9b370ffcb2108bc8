// The checks about what ops do with tiles (op-constraint, matmul-bounds,
// dead-tile, layout) and the oracle as a whole (modes, the finding cap), on
// the smallest plan that breaks each and the nearest one that does not.
#include <gtest/gtest.h>

#include "tests/oracle/plan_builder.h"

namespace kiln::oracle {
namespace {

using namespace plan_test;

// --- op constraints and matmul bounds --------------------------------------

TEST(OpConstraintCheck, VectorOpsNeedUbRowMajorAndOneShape) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kL1, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 0, 16, 16);
  int c = p.tile("%c", MemorySpace::kUB, 512, 16, 16, DType::kF16, "col_major");
  int d = p.tile("%d", MemorySpace::kUB, 1024, 16, 32);
  p.op("pto.tadd", {a, b}, {b});   // %a in L1
  p.op("pto.tadd", {b, c}, {b});   // %c col_major
  p.op("pto.tadd", {b, d}, {b});   // %d another shape
  std::vector<Diagnostic> found = checkOpConstraints(p.done(), ascend());
  ASSERT_EQ(codes(found), (Codes{"[oracle.op-constraint]", "[oracle.op-constraint]", "[oracle.op-constraint]"}));
  EXPECT_NE(found[0].message.find("pto.tadd needs its operand '%a' (16x16xf16) in ub, but it is in l1"), std::string::npos);
  EXPECT_NE(found[1].message.find("in row_major layout, but it is col_major"), std::string::npos);
  EXPECT_NE(found[2].message.find("needs every tile to be 16x16xf16 like its result, but '%d' (16x32xf16) is not"),
            std::string::npos)
      << found[2].message;
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kUB, 0, 16, 16), b = q.tile("%b", MemorySpace::kUB, 512, 16, 16);
  q.op("pto.tadd", {a, b}, {b});
  EXPECT_TRUE(checkOpConstraints(q.done(), ascend()).empty());
}

TEST(OpConstraintCheck, FloatOnlyOpsRejectIntegerTiles) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16, DType::kI32);
  p.op("pto.texp", {a}, {a});
  EXPECT_EQ(codes(checkOpConstraints(p.done(), ascend())), (Codes{"[oracle.op-constraint]", "[oracle.op-constraint]"}));
}

TEST(OpConstraintCheck, CubeOperandsInTheirL0Buffers) {
  PlanBuilder p;
  int l = p.tile("%l", MemorySpace::kUB, 0, 16, 16), r = p.tile("%r", MemorySpace::kL0B, 0, 16, 16);
  int acc = p.tile("%acc", MemorySpace::kL0C, 0, 16, 16, DType::kF32);
  p.op("pto.tmatmul", {l, r}, {acc});
  std::vector<Diagnostic> found = checkOpConstraints(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.op-constraint]"});
  EXPECT_NE(found[0].message.find("pto.tmatmul needs its left operand '%l' (16x16xf16) in l0a, but it is in ub"),
            std::string::npos);
  PlanBuilder q;
  l = q.tile("%l", MemorySpace::kL0A, 0, 16, 16), r = q.tile("%r", MemorySpace::kL0B, 0, 16, 16);
  acc = q.tile("%acc", MemorySpace::kL0C, 0, 16, 16, DType::kF32);
  q.op("pto.tmatmul", {l, r}, {acc});
  EXPECT_TRUE(checkOpConstraints(q.done(), ascend()).empty());
}

TEST(OpConstraintCheck, SpaceTheTargetLacks) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16);
  p.op("tile.load", {}, {a});
  std::vector<Diagnostic> found = checkOpConstraints(p.done(), *findDeviceSpec("sm_90"));
  ASSERT_EQ(codes(found), Codes{"[oracle.op-constraint]"});
  EXPECT_NE(found[0].message.find("is in ub, which sm_90 does not have (it has shared)"), std::string::npos);
}

TEST(OpConstraintCheck, PtoTileShapeRules) {
  PlanBuilder p;
  p.plan.frontend = "pto";
  p.tile("%small", MemorySpace::kUB, 0, 8, 8);      // 128 B: under 512 B
  p.tile("%odd", MemorySpace::kUB, 512, 32, 8);     // 512 B, but rows of 16 B
  p.tile("%huge", MemorySpace::kUB, 1024, 256, 128);  // 64 KiB: over 32 KiB
  int ok = p.tile("%ok", MemorySpace::kUB, 0, 16, 16);
  p.plan.buffers[ok].valid_rows = 17;  // more valid rows than rows
  std::vector<Diagnostic> found = checkOpConstraints(p.done(), ascend());
  EXPECT_EQ(found.size(), 5u);  // %small (bytes, row), %odd (row), %huge (bytes), %ok (valid)
  for (const Diagnostic &d : found) EXPECT_EQ(d.message.rfind("[oracle.op-constraint]", 0), 0u);
  // The same tiles from the Tile IR planner are not PTO tiles.
  p.plan.frontend = "tile-ir";
  p.plan.buffers[ok].valid_rows = 0;
  EXPECT_TRUE(checkOpConstraints(p.done(), ascend()).empty());
}

TEST(MatmulBoundsCheck, ShapesMustChain) {
  PlanBuilder p;
  int l = p.tile("%l", MemorySpace::kL0A, 0, 16, 32), r = p.tile("%r", MemorySpace::kL0B, 0, 16, 16);
  int acc = p.tile("%acc", MemorySpace::kL0C, 0, 16, 16, DType::kF32);
  p.op("pto.tmatmul", {l, r}, {acc});
  std::vector<Diagnostic> found = checkOpConstraints(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.matmul-bounds]"});
  EXPECT_NE(found[0].message.find("pto.tmatmul multiplies 16x32 by 16x16: the inner dimensions 32 and 16 differ"),
            std::string::npos)
      << found[0].message;
  EXPECT_EQ(found[0].notes.size(), 2u);
  // A wrong accumulator shape, on NVIDIA too.
  PlanBuilder q;
  l = q.tile("%l", MemorySpace::kShared, 0, 16, 16), r = q.tile("%r", MemorySpace::kShared, 512, 16, 16);
  acc = q.tile("%acc", MemorySpace::kShared, 1024, 16, 8, DType::kF32);
  q.op("tile.matmul", {l, r}, {acc});
  EXPECT_EQ(codes(checkOpConstraints(q.done(), *findDeviceSpec("sm_90"))), Codes{"[oracle.matmul-bounds]"});
}

TEST(MatmulBoundsCheck, ValidSizesOverTheCubeLimit) {
  PlanBuilder p;
  int l = p.tile("%l", MemorySpace::kL0A, 0, 16, 16), r = p.tile("%r", MemorySpace::kL0B, 0, 16, 16);
  int acc = p.tile("%acc", MemorySpace::kL0C, 0, 16, 16, DType::kF32);
  p.plan.buffers[l].valid_rows = 4096;  // M, as a hostile valid region claims
  p.plan.buffers[acc].valid_rows = 4096;
  p.op("pto.tmatmul", {l, r}, {acc});
  std::vector<Diagnostic> found = checkOpConstraints(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.matmul-bounds]"});
  EXPECT_NE(found[0].message.find("has M = 4096; the cube takes at most 4095"), std::string::npos);
}

TEST(MatmulBoundsCheck, OperandLargerThanL0) {
  PlanBuilder p;
  int l = p.tile("%l", MemorySpace::kL0A, 0, 256, 256), r = p.tile("%r", MemorySpace::kL0B, 0, 256, 16);
  int acc = p.tile("%acc", MemorySpace::kL0C, 0, 256, 16, DType::kF32);
  p.op("pto.tmatmul", {l, r}, {acc});
  std::vector<Diagnostic> found = checkOpConstraints(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.matmul-bounds]"});
  EXPECT_NE(found[0].message.find("needs '%l' (256x256xf16) (131072 bytes) in l0a, which holds 64 KiB"),
            std::string::npos)
      << found[0].message;
}

// --- dead tiles and layouts --------------------------------------------------

TEST(DeadTileCheck, WrittenNeverReadIsAWarning) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 512, 16, 16);
  p.op("pto.tload", {}, {a});
  p.op("pto.texp", {a}, {b});
  std::vector<Diagnostic> found = checkDataflow(p.done());
  ASSERT_EQ(codes(found), Codes{"[oracle.dead-tile]"});
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(found[0].line, 2u);
  p.op("pto.tstore", {b}, {});
  EXPECT_TRUE(checkDataflow(p.done()).empty());
}

TEST(LayoutCheck, ReadInAnotherLayoutThanWritten) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kL1, 0, 16, 16), l = p.tile("%l", MemorySpace::kL0A, 0, 16, 16);
  p.op("pto.tload", {}, {a}).result_layouts = {"col_major"};
  p.op("pto.tmov", {a}, {l}).operand_layouts = {"row_major"};  // line 2
  p.op("pto.tstore", {l}, {});
  std::vector<Diagnostic> found = checkDataflow(p.done());
  ASSERT_EQ(codes(found), Codes{"[oracle.layout]"});
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_NE(found[0].message.find("pto.tmov reads '%a' (16x16xf16) as row_major, but pto.tload wrote it as "
                                  "col_major and nothing converts it in between"),
            std::string::npos)
      << found[0].message;
  ASSERT_EQ(found[0].notes.size(), 1u);
  EXPECT_EQ(found[0].notes[0].line, 1u);
  // A conversion in between: the read sees the layout the conversion wrote.
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kL1, 0, 16, 16), l = q.tile("%l", MemorySpace::kL0A, 0, 16, 16);
  q.op("pto.tload", {}, {a}).result_layouts = {"col_major"};
  PlannedOp &convert = q.op("pto.ttrans", {a}, {a});
  convert.operand_layouts = {"col_major"};
  convert.result_layouts = {"row_major"};
  q.op("pto.tmov", {a}, {l}).operand_layouts = {"row_major"};
  q.op("pto.tstore", {l}, {});
  EXPECT_TRUE(checkDataflow(q.done()).empty());
}

// --- the whole oracle -------------------------------------------------------

TEST(PlanOracle, ModesTurnErrorsIntoWarningsOrNothing) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 8, 16, 16);
  p.op("pto.tload", {}, {a});
  p.op("pto.tstore", {a}, {});
  std::vector<Diagnostic> found = checkPlan(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.alignment]"});
  EXPECT_TRUE(hasErrors(applyMode(found, OracleMode::kError)));
  std::vector<Diagnostic> warned = applyMode(found, OracleMode::kWarn);
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(warned[0].severity, Severity::kWarning);
  EXPECT_TRUE(applyMode(found, OracleMode::kOff).empty());
  EXPECT_EQ(parseOracleMode("warn"), OracleMode::kWarn);
  EXPECT_FALSE(parseOracleMode("loud"));
}

TEST(PlanOracle, FindingsOfOneKindAreCapped) {
  PlanBuilder p;
  for (int i = 0; i < 200; ++i) {
    int t = p.tile("%t" + std::to_string(i), MemorySpace::kUB, 8, 16, 16);
    p.op("pto.tload", {}, {t});
    p.op("pto.tstore", {t}, {});
  }
  std::vector<Diagnostic> found = checkSpaces(p.done(), ascend());
  ASSERT_EQ(found.size(), 65u);
  EXPECT_EQ(found.back().severity, Severity::kRemark);
  EXPECT_NE(found.back().message.find("136 more findings"), std::string::npos);
}

}  // namespace
}  // namespace kiln::oracle
