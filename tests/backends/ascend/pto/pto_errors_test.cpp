// What the round trip is for, and what the emitter refuses: a planted plan
// bug comes back from the emitted PTO as an oracle finding; tiles PTO
// cannot hold, dtypes it cannot compute in and levels kiln does not emit
// fail with located errors; a hostile file name cannot leave its comment.
#include <gtest/gtest.h>

#include "tests/backends/ascend/pto/pto_emit_support.h"
#include "tests/support/test_files.h"
#include "worker/oracle/checks/plan_oracle.h"

namespace kiln::ascend::test {
namespace {

std::vector<Diagnostic> oracleFindings(const Emitted &e, const AscendTarget &t) {
  oracle::PtoReadResult read = oracle::readPto(e.source.text, "emitted.pto");
  EXPECT_TRUE(read.diagnostics.empty()) << formatDiagnostic(read.diagnostics.front());
  std::vector<Diagnostic> out;
  for (const plan::KernelPlan &fn : read.functions)
    for (Diagnostic &d : oracle::checkPlan(fn, t.device)) out.push_back(std::move(d));
  return out;
}

bool hasCode(const std::vector<Diagnostic> &ds, const std::string &code) {
  return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic &d) { return d.message.rfind("[" + code + "]", 0) == 0; });
}

TEST(PtoOracleLoop, APlantedPlanBugComesBackAsAFinding) {
  AscendTarget t = target("ascend910b2");
  for (const char *stem : {"vec_add", "softmax_rows", "gemm"}) {
    std::filesystem::path file = std::filesystem::path(KILN_SHARED_DIR_HINT) / (std::string(stem) + ".mlir");
    Emitted good = emitFile(file, t, 3);
    ASSERT_TRUE(good.source.ok) << stem;
    EXPECT_TRUE(oracleFindings(good, t).empty()) << stem;

    plan::PlannerConfig faulty;
    faulty.faulty_overlap = true;
    Emitted bad = emitFile(file, t, 3, faulty);
    // The emitter places tiles where the plan says, bug included...
    ASSERT_TRUE(bad.source.ok) << stem;
    EXPECT_NE(bad.source.text, good.source.text) << stem;
    // ...and the oracle reading kiln's own output catches it, located.
    std::vector<Diagnostic> findings = oracleFindings(bad, t);
    EXPECT_TRUE(hasCode(findings, "oracle.aliasing") || hasCode(findings, "oracle.linear-use")) << stem;
    for (const Diagnostic &d : findings) {
      EXPECT_EQ(d.file, "emitted.pto");
      EXPECT_GT(d.line, 0u);
    }
  }
}

const char *kHugeTile = R"(func.func @huge(%x: memref<256x256xf32>, %y: memref<256x256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%i, %c0] : memref<256x256xf32> -> !tile.tile<128x256xf32>
  %e = tile.exp %t : !tile.tile<128x256xf32>
  tile.store %e, %y[%i, %c0] : !tile.tile<128x256xf32>, memref<256x256xf32>
  return
}
)";

TEST(PtoErrors, ATileOverThirtyTwoKibIsALocatedTileShapeError) {
  for (int level : {2, 3}) {
    Emitted e = emit("huge.mlir", kHugeTile, target("ascend910b2"), level);
    EXPECT_FALSE(e.source.ok);
    ASSERT_FALSE(e.diagnostics.empty());
    const Diagnostic &d = e.diagnostics.front();
    EXPECT_EQ(d.file, "huge.mlir");
    EXPECT_EQ(d.line, 5u);  // the load that makes the tile
    EXPECT_EQ(d.message.rfind("[pto.tile-shape]", 0), 0u) << d.message;
    EXPECT_NE(d.message.find("128x256xf32"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("32 KiB"), std::string::npos) << d.message;
  }
}

// 8x8 f16 operands are 128 B: a UB tile would be padded, but the cube reads
// whole fractals, so an L1 tile is refused rather than padded with garbage.
const char *kTinyMatmul = R"(func.func @tiny(%a: memref<8x8xf16>, %b: memref<8x8xf16>, %c: memref<8x8xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %ta = tile.load %a[%c0, %c0] : memref<8x8xf16> -> !tile.tile<8x8xf16>
  %tb = tile.load %b[%c0, %c0] : memref<8x8xf16> -> !tile.tile<8x8xf16>
  %r = tile.matmul %ta, %tb : !tile.tile<8x8xf16>, !tile.tile<8x8xf16> -> !tile.tile<8x8xf32>
  tile.store %r, %c[%c0, %c0] : !tile.tile<8x8xf32>, memref<8x8xf32>
  return
}
)";

TEST(PtoErrors, CubeTilesAreNeverPadded) {
  Emitted e = emit("tiny.mlir", kTinyMatmul, target("ascend950"), 3);
  EXPECT_FALSE(e.source.ok);
  ASSERT_FALSE(e.diagnostics.empty());
  const Diagnostic &d = e.diagnostics.front();
  EXPECT_EQ(d.line, 4u);
  EXPECT_EQ(d.message.rfind("[pto.tile-shape]", 0), 0u) << d.message;
  EXPECT_NE(d.message.find("mat"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("pads only vec"), std::string::npos) << d.message;
}

const char *kBf16Add = R"(func.func @bf16_add(%x: memref<64x64xbf16>, %y: memref<64x64xbf16>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%c0, %c0] : memref<64x64xbf16> -> !tile.tile<16x64xbf16>
  %s = tile.add %t, %t : !tile.tile<16x64xbf16>
  tile.store %s, %y[%c0, %c0] : !tile.tile<16x64xbf16>, memref<64x64xbf16>
  return
}
)";

TEST(PtoErrors, Bf16ArithmeticIsRefusedAtTheOp) {
  Emitted e = emit("bf16.mlir", kBf16Add, target("ascend910c"), 3);
  EXPECT_FALSE(e.source.ok);
  ASSERT_FALSE(e.diagnostics.empty());
  const Diagnostic &d = e.diagnostics.front();
  EXPECT_EQ(d.line, 5u);
  EXPECT_EQ(d.message.rfind("[pto.unsupported] tile.add has no PTO form on ascend910c", 0), 0u) << d.message;
  EXPECT_NE(d.message.find("cast to f32"), std::string::npos) << d.message;
}

// Two row statistics live at once: kiln's plan packs the 128-byte columns
// side by side, but a PTO column tile is 1024 B (32 rows of one 32-byte
// block). Level 3 cannot keep the plan's addresses and says so; level 2
// lets ptoas place them, and round-trips clean.
const char *kTwoColumns = R"(func.func @two_columns(%x: memref<64x128xf32>, %y: memref<64x128xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%i, %c0] : memref<64x128xf32> -> !tile.tile<32x128xf32>
  %m = tile.reduce_max %t {axis = 1} : !tile.tile<32x128xf32> -> !tile.tile<32x1xf32>
  %s = tile.reduce_sum %t {axis = 1} : !tile.tile<32x128xf32> -> !tile.tile<32x1xf32>
  %p = tile.mul %m, %s : !tile.tile<32x1xf32>
  %pb = tile.broadcast %p : !tile.tile<32x1xf32> -> !tile.tile<32x128xf32>
  tile.store %pb, %y[%i, %c0] : !tile.tile<32x128xf32>, memref<64x128xf32>
  return
}
)";

TEST(PtoErrors, PaddingThatCollidesWithThePlanIsRefusedAtLevelThreeOnly) {
  AscendTarget t = target("ascend910b2");
  Emitted three = emit("columns.mlir", kTwoColumns, t, 3);
  EXPECT_FALSE(three.source.ok);
  ASSERT_FALSE(three.diagnostics.empty());
  const Diagnostic &d = three.diagnostics.front();
  EXPECT_TRUE(d.line == 6u || d.line == 7u) << formatDiagnostic(d);
  EXPECT_EQ(d.message.rfind("[pto.tile-shape]", 0), 0u) << d.message;
  EXPECT_NE(d.message.find("level 2"), std::string::npos) << d.message;
  ASSERT_FALSE(d.notes.empty());  // at the tile in the way

  Emitted two = emit("columns.mlir", kTwoColumns, t, 2);
  ASSERT_TRUE(two.source.ok);
  EXPECT_TRUE(oracleFindings(two, t).empty());
}

// Five 32 KiB tiles live at once fill 160 KiB of the 192 KiB UB; the
// row maximum's tmp (32 KiB) and its padded column do not fit beside them.
const char *kFullUb = R"(func.func @full_ub(%x: memref<80x512xf32>, %m: memref<16x1xf32>, %y: memref<16x512xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %a = tile.load %x[%c0, %c0] : memref<80x512xf32> -> !tile.tile<16x512xf32>
  %b = tile.load %x[%c1, %c0] : memref<80x512xf32> -> !tile.tile<16x512xf32>
  %c = tile.load %x[%c2, %c0] : memref<80x512xf32> -> !tile.tile<16x512xf32>
  %d = tile.load %x[%c3, %c0] : memref<80x512xf32> -> !tile.tile<16x512xf32>
  %e = tile.load %x[%c4, %c0] : memref<80x512xf32> -> !tile.tile<16x512xf32>
  %r = tile.reduce_max %a {axis = 1} : !tile.tile<16x512xf32> -> !tile.tile<16x1xf32>
  tile.store %r, %m[%c0, %c0] : !tile.tile<16x1xf32>, memref<16x1xf32>
  %s1 = tile.add %a, %b : !tile.tile<16x512xf32>
  %s2 = tile.add %s1, %c : !tile.tile<16x512xf32>
  %s3 = tile.add %s2, %d : !tile.tile<16x512xf32>
  %s4 = tile.add %s3, %e : !tile.tile<16x512xf32>
  tile.store %s4, %y[%c0, %c0] : !tile.tile<16x512xf32>, memref<16x512xf32>
  return
}
)";

TEST(PtoErrors, ScratchThatDoesNotFitIsRefusedAtBothLevels) {
  AscendTarget t = target("ascend910b2");
  for (int level : {2, 3}) {
    Emitted e = emit("full_ub.mlir", kFullUb, t, level);
    ASSERT_FALSE(e.plans.empty());
    EXPECT_TRUE(e.plans.front().ok()) << "kiln's plan itself fits";
    EXPECT_FALSE(e.source.ok) << "level " << level;
    ASSERT_FALSE(e.diagnostics.empty()) << "level " << level;
    const Diagnostic &d = e.diagnostics.front();
    EXPECT_EQ(d.line, 13u) << formatDiagnostic(d);  // the reduce_max that needs the tmp
    EXPECT_EQ(d.message.rfind("[pto.scratch]", 0), 0u) << d.message;
    EXPECT_NE(d.message.find("196608"), std::string::npos) << d.message;
  }
  // With a larger UB (a user's override) the same kernel round-trips clean.
  std::string error;
  std::optional<AscendTarget> big = findAscendTarget("ascend910b2", R"({"ascend910b2": {"ub": 262144}})", error);
  ASSERT_TRUE(big) << error;
  for (int level : {2, 3}) {
    Emitted e = emit("full_ub.mlir", kFullUb, *big, level);
    ASSERT_TRUE(e.source.ok) << (e.diagnostics.empty() ? "" : formatDiagnostic(e.diagnostics.front()));
    EXPECT_TRUE(oracleFindings(e, *big).empty());
  }
}

TEST(PtoErrors, OnlyLevelsTwoAndThree) {
  Emitted e = emitFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "vec_add.mlir", target("ascend910b2"), 1);
  EXPECT_FALSE(e.source.ok);
  ASSERT_FALSE(e.diagnostics.empty());
  EXPECT_EQ(e.diagnostics.front().message.rfind("[pto.unsupported] PTO level 1", 0), 0u);
  EXPECT_GT(e.diagnostics.front().line, 0u);
}

TEST(PtoErrors, AFileNameCannotLeaveItsLocationComment) {
  std::string text = kiln::test::readFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "vec_add.mlir");
  Emitted e = emit("my kernel;*/\"x\".mlir", text, target("ascend910b2"), 3);
  ASSERT_TRUE(e.source.ok);
  EXPECT_NE(e.source.text.find("// @kiln.loc my_kernel__/_x_.mlir:"), std::string::npos) << e.source.text;
  EXPECT_EQ(e.source.text.find("my kernel"), std::string::npos);
}

}  // namespace
}  // namespace kiln::ascend::test
