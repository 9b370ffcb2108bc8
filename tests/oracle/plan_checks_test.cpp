// Every plan check on the smallest plan that breaks it and the nearest one
// that does not, built directly (the front ends have their own tests).
#include <gtest/gtest.h>

#include "worker/oracle/plan_oracle.h"

namespace kiln::oracle {
namespace {

using plan::Buffer;
using plan::DType;
using plan::KernelPlan;
using plan::MemorySpace;
using plan::PlannedOp;

/// A plan under construction; each op is at its own position and line.
struct PlanBuilder {
  KernelPlan plan;

  int tile(const std::string &name, MemorySpace space, int64_t offset, int64_t rows, int64_t cols,
           DType dtype = DType::kF16, const std::string &layout = "row_major") {
    Buffer b;
    b.id = static_cast<int>(plan.buffers.size());
    b.name = name;
    b.space = space;
    b.offset = offset;
    b.rows = rows;
    b.cols = cols;
    b.dtype = dtype;
    b.bytes = rows * cols * plan::dtypeBytes(dtype);
    b.layout = layout;
    b.loc = {"t.pto", static_cast<unsigned>(100 + b.id), 3};
    plan.buffers.push_back(b);
    return b.id;
  }
  PlannedOp &op(const std::string &name, std::vector<int> reads, std::vector<int> writes) {
    PlannedOp o;
    o.position = static_cast<int>(plan.ops.size());
    o.name = name;
    o.operands = std::move(reads);
    o.results = std::move(writes);
    o.loc = {"t.pto", static_cast<unsigned>(o.position + 1), 5};
    plan.ops.push_back(o);
    return plan.ops.back();
  }
  /// Live ranges from first to last access, as the PTO front end computes.
  KernelPlan done() {
    for (Buffer &b : plan.buffers) {
      b.live_begin = INT32_MAX;
      b.live_end = -1;
    }
    for (const PlannedOp &o : plan.ops)
      for (const auto *ids : {&o.operands, &o.results})
        for (int id : *ids) {
          plan.buffers[id].live_begin = std::min(plan.buffers[id].live_begin, o.position);
          plan.buffers[id].live_end = std::max(plan.buffers[id].live_end, o.position);
          if (plan.buffers[id].defined_by.empty() && ids == &o.results) plan.buffers[id].defined_by = o.name;
        }
    return plan;
  }
};

DeviceSpec ascend() { return *findDeviceSpec("ascend910b2"); }

std::vector<std::string> codes(const std::vector<Diagnostic> &diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic &d : diagnostics) out.push_back(d.message.substr(0, d.message.find(']') + 1));
  return out;
}
using Codes = std::vector<std::string>;

// --- aliasing and linear-use ---------------------------------------------

TEST(AliasingCheck, TwoLiveTilesSharingBytesAreReported) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 256, 16, 16);
  p.op("pto.tsplit", {}, {a, b});  // one op writes both
  p.op("pto.tadd", {a, b}, {b});
  std::vector<Diagnostic> found = checkAliasing(p.done());
  ASSERT_EQ(codes(found), Codes{"[oracle.aliasing]"});
  EXPECT_EQ(found[0].line, 101u);  // at %b, the later tile
  EXPECT_NE(found[0].message.find("'%b' (16x16xf16) and '%a' (16x16xf16) are live at the same time and share "
                                  "bytes 256..511 of ub"),
            std::string::npos)
      << found[0].message;
  ASSERT_EQ(found[0].notes.size(), 1u);
  EXPECT_EQ(found[0].notes[0].line, 100u);
}

TEST(AliasingCheck, DisjointBytesOrDisjointLifetimesAreClean) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 512, 16, 16);
  int c = p.tile("%c", MemorySpace::kUB, 0, 16, 16);  // reuses %a's bytes after %a dies
  int d = p.tile("%d", MemorySpace::kL1, 0, 16, 16);  // same offset, other space
  p.op("pto.tload", {}, {a});
  p.op("pto.tload", {}, {b});
  p.op("pto.tload", {}, {d});
  p.op("pto.tadd", {a, b}, {b});
  p.op("pto.tload", {}, {c});
  p.op("pto.tadd", {b, c}, {c});
  p.op("pto.tstore", {c, d}, {});
  EXPECT_TRUE(checkAliasing(p.done()).empty());
}

TEST(AliasingCheck, InPlaceElementwiseOverTheSameBytesIsClean) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), r = p.tile("%r", MemorySpace::kUB, 0, 16, 16);
  p.op("pto.tload", {}, {a});
  p.op("pto.texp", {a}, {r});
  p.op("pto.tstore", {r}, {});
  EXPECT_TRUE(checkAliasing(p.done()).empty());
  // Partly over the operand is not in place: the vector unit reads ahead.
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kUB, 0, 16, 16), r = q.tile("%r", MemorySpace::kUB, 256, 16, 16);
  q.op("pto.tload", {}, {a});
  q.op("pto.texp", {a}, {r});
  q.op("pto.tstore", {r}, {});
  EXPECT_EQ(codes(checkAliasing(q.done())), Codes{"[oracle.aliasing]"});
}

TEST(LinearUseCheck, ReadAfterAnotherTileReusedTheBytes) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 0, 16, 16);
  p.op("pto.tload", {}, {a});
  p.op("pto.tload", {}, {b});   // line 2: overwrites %a's bytes
  p.op("pto.tstore", {b}, {});
  p.op("pto.tstore", {a}, {});  // line 4: reads what %b left there
  std::vector<Diagnostic> found = checkAliasing(p.done());
  ASSERT_EQ(codes(found), Codes{"[oracle.linear-use]"});
  EXPECT_EQ(found[0].line, 4u);
  EXPECT_NE(found[0].message.find("pto.tstore reads '%a' (16x16xf16) after pto.tload reused its bytes 0..511 of ub "
                                  "for '%b' (16x16xf16)"),
            std::string::npos)
      << found[0].message;
  ASSERT_EQ(found[0].notes.size(), 2u);
  EXPECT_EQ(found[0].notes[0].line, 2u);
  // Reading %a before %b is loaded is the correct order.
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kUB, 0, 16, 16), b = q.tile("%b", MemorySpace::kUB, 0, 16, 16);
  q.op("pto.tload", {}, {a});
  q.op("pto.tstore", {a}, {});
  q.op("pto.tload", {}, {b});
  q.op("pto.tstore", {b}, {});
  EXPECT_TRUE(checkAliasing(q.done()).empty());
}

TEST(AliasingCheck, UnplacedTilesAreLeftToCapacity) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, -1, 16, 16), b = p.tile("%b", MemorySpace::kUB, -1, 16, 16);
  p.op("pto.tadd", {a, b}, {b});
  EXPECT_TRUE(checkAliasing(p.done()).empty());
}

// --- capacity and alignment ------------------------------------------------

TEST(CapacityCheck, TilePastTheEndOfItsSpace) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kL0A, 64 * 1024 - 512, 16, 32);  // 1 KiB from 63.5 KiB
  p.op("pto.tmatmul", {a, a}, {});
  std::vector<Diagnostic> found = checkSpaces(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.capacity]"});
  EXPECT_NE(found[0].message.find("'%a' (16x32xf16) is placed at bytes 65024..66047, past the 64 KiB of l0a on "
                                  "ascend910b2"),
            std::string::npos)
      << found[0].message;
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kL0A, 64 * 1024 - 1024, 16, 32);
  q.op("pto.tmatmul", {a, a}, {});
  EXPECT_TRUE(checkSpaces(q.done(), ascend()).empty());
}

TEST(CapacityCheck, UnplacedTilesLiveAtOnceOverTheSpaceNameTheOp) {
  PlanBuilder p;
  std::vector<int> tiles;
  for (int i = 0; i < 7; ++i) tiles.push_back(p.tile("%t" + std::to_string(i), MemorySpace::kUB, -1, 128, 128));  // 32 KiB
  for (int t : tiles) p.op("pto.tload", {}, {t});
  p.op("pto.tadd", tiles, {tiles[0]});  // line 8: 224 KiB live
  std::vector<Diagnostic> found = checkSpaces(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.capacity]"});
  EXPECT_EQ(found[0].line, 7u);  // the seventh load is where the peak starts
  EXPECT_NE(found[0].message.find("at this pto.tload 229376 bytes of ub tiles are live, but ascend910b2 has 192 KiB"),
            std::string::npos)
      << found[0].message;
  EXPECT_EQ(found[0].notes.size(), 4u);
  // Six fit.
  PlanBuilder q;
  tiles.clear();
  for (int i = 0; i < 6; ++i) tiles.push_back(q.tile("%t" + std::to_string(i), MemorySpace::kUB, -1, 128, 128));
  for (int t : tiles) q.op("pto.tload", {}, {t});
  EXPECT_TRUE(checkSpaces(q.done(), ascend()).empty());
}

TEST(CapacityCheck, SharedMemoryOverTheOptInMaximum) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kShared, 160 * 1024, 64, 64, DType::kF32);  // to 176 KiB
  p.op("tile.load", {}, {a});
  EXPECT_EQ(codes(checkSpaces(p.done(), *findDeviceSpec("sm_80"))), Codes{"[oracle.capacity]"});
  EXPECT_TRUE(checkSpaces(p.done(), *findDeviceSpec("sm_90")).empty());
}

TEST(AlignmentCheck, L0AddressesMustBe512ByteAligned) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kL0A, 256, 16, 16), u = p.tile("%u", MemorySpace::kUB, 256, 16, 16);
  p.op("pto.tmatmul", {a}, {u});
  std::vector<Diagnostic> found = checkSpaces(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.alignment]"});  // 256 is fine for UB's 32 B
  EXPECT_NE(found[0].message.find("'%a' (16x16xf16) starts at byte 256 of l0a on ascend910b2, which needs 512-byte "
                                  "alignment (the nearest legal addresses are 0 and 512)"),
            std::string::npos)
      << found[0].message;
  PlanBuilder q;
  u = q.tile("%u", MemorySpace::kUB, 48, 16, 16);
  q.op("pto.tload", {}, {u});
  EXPECT_EQ(codes(checkSpaces(q.done(), ascend())), Codes{"[oracle.alignment]"});
}

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
