// Small kernels for the emitter's rules that the examples do not reach:
// per-chip cast pairs (310P has no bf16 pairs and no f32 -> i32), ops the
// intrinsics cannot do with Tile IR's numerics (located errors, never
// code), DataCopyPad for a row that is not whole 32 B blocks, and double
// buffering of tiles streamed by a loop. Each runs on kiln's AscendC CPU
// model and is compared with the reference, or is asserted to be refused.
#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/backends/ascend/lower/ascendc/runner/model_run.h"

namespace kiln::ascend::lower {
namespace {

ModelRunResult run(const std::string &name, const std::string &text, const std::string &target) {
  ModelRunOptions options;
  options.target = target;
  return runOnModel({name, text}, options);
}

void expectPass(const ModelRunResult &r) {
  ASSERT_EQ(r.status, ModelRunStatus::kPass)
      << modelRunStatusName(r.status) << (r.diagnostics.empty() ? "" : ": " + formatHeadline(r.diagnostics[0]))
      << (r.kernels.empty() ? "" : "\n" + r.kernels[0].message);
  for (const KernelRun &k : r.kernels)
    for (const TensorReport &t : k.tensors) EXPECT_EQ(t.mismatches, 0u) << t.param;
}

void expectRefused(const ModelRunResult &r, const std::string &headline) {
  ASSERT_EQ(r.status, ModelRunStatus::kLocatedError) << modelRunStatusName(r.status);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_NE(formatHeadline(r.diagnostics[0]).find(headline), std::string::npos) << formatHeadline(r.diagnostics[0]);
  EXPECT_TRUE(r.source.empty());
}

const char *kBf16RoundTrip = R"(func.func @bf16_round_trip(%x: memref<256xf32>, %h: memref<256xbf16>, %y: memref<256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4>} {
  %i = tile.program_id 0 : index
  %t = tile.load %x[%i] : memref<256xf32> -> !tile.tile<1x64xf32>
  %b = tile.cast %t : !tile.tile<1x64xf32> -> !tile.tile<1x64xbf16>
  tile.store %b, %h[%i] : !tile.tile<1x64xbf16>, memref<256xbf16>
  %f = tile.cast %b : !tile.tile<1x64xbf16> -> !tile.tile<1x64xf32>
  tile.store %f, %y[%i] : !tile.tile<1x64xf32>, memref<256xf32>
  return
}
)";

TEST(AscendCKernels, Bf16CastsRunWhereTheSocHasThem) {
  expectPass(run("bf16.mlir", kBf16RoundTrip, "ascend910b2"));
  expectRefused(run("bf16.mlir", kBf16RoundTrip, "ascend310p3"),
                "bf16.mlir:5:8: error: [ascend.unsupported] tile.cast with dtype f32 is not supported on ascend310p3");
}

TEST(AscendCKernels, F32ToI32CastIsRefusedOn310P) {
  const char *cast = R"(func.func @to_int(%x: memref<8x64xf32>, %y: memref<8x64xi32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%c0, %c0] : memref<8x64xf32> -> !tile.tile<8x64xf32>
  %h = tile.constant 100.0 : !tile.tile<8x64xf32>
  %m = tile.mul %t, %h : !tile.tile<8x64xf32>
  %i = tile.cast %m : !tile.tile<8x64xf32> -> !tile.tile<8x64xi32>
  tile.store %i, %y[%c0, %c0] : !tile.tile<8x64xi32>, memref<8x64xi32>
  return
}
)";
  expectPass(run("cast.mlir", cast, "ascend910b3"));
  expectRefused(run("cast.mlir", cast, "ascend310p3"), "cast.mlir:7:8: error: [ascend.unsupported] tile.cast");
}

TEST(AscendCKernels, OpsWithoutAFaithfulIntrinsicAreLocatedErrorsAndBf16GoesThroughF32) {
  const char *intDiv = R"(func.func @int_div(%x: memref<8x64xi32>, %y: memref<8x64xi32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%c0, %c0] : memref<8x64xi32> -> !tile.tile<8x64xi32>
  %d = tile.div %t, %t : !tile.tile<8x64xi32>
  tile.store %d, %y[%c0, %c0] : !tile.tile<8x64xi32>, memref<8x64xi32>
  return
}
)";
  const char *bf16Add = R"(func.func @bf16_add(%x: memref<8x64xbf16>, %y: memref<8x64xbf16>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%c0, %c0] : memref<8x64xbf16> -> !tile.tile<8x64xbf16>
  %d = tile.add %t, %t : !tile.tile<8x64xbf16>
  tile.store %d, %y[%c0, %c0] : !tile.tile<8x64xbf16>, memref<8x64xbf16>
  return
}
)";
  for (const char *target : {"ascend910b2", "ascend310p3", "ascend950"})
    expectRefused(run("div.mlir", intDiv, target), "div.mlir:5:8: error: [ascend.unsupported] tile.div with dtype i32");
  // bf16 arithmetic goes through f32 casts, which 310P does not have.
  expectRefused(run("add.mlir", bf16Add, "ascend310p3"),
                "add.mlir:5:8: error: [ascend.unsupported] tile.add with dtype bf16 is not supported on ascend310p3");
  ModelRunResult r = run("add.mlir", bf16Add, "ascend910b2");
  expectPass(r);
  EXPECT_NE(r.source.find("RoundMode::CAST_RINT"), std::string::npos) << r.source;
}

TEST(AscendCKernels, ARowThatIsNotWhole32ByteBlocksMovesWithDataCopyPad) {
  const char *text = R"(func.func @short_rows(%x: memref<64xf32>, %y: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 16>} {
  %i = tile.program_id 0 : index
  %t = tile.load %x[%i] : memref<64xf32> -> !tile.tile<1x4xf32>
  %e = tile.exp %t : !tile.tile<1x4xf32>
  tile.store %e, %y[%i] : !tile.tile<1x4xf32>, memref<64xf32>
  return
}
)";
  ModelRunResult r = run("pad.mlir", text, "ascend910c");
  expectPass(r);
  EXPECT_NE(r.source.find("DataCopyPad("), std::string::npos);
  EXPECT_NE(r.source.find("DataCopyExtParams{1, 16, 0, 0, 0}"), std::string::npos) << r.source;
}

TEST(AscendCKernels, TilesStreamedByALoopAreDoubleBuffered) {
  const char *text = R"(func.func @stream(%x: memref<64x256xf32>, %y: memref<64x256xf32>, %s: f32)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %p = tile.program_id 0 : index
  %base = arith.muli %p, %c2 : index
  scf.for %k = %c0 to %c2 step %c1 {
    %row = arith.addi %base, %k : index
    %t = tile.load %x[%row, %c0] : memref<64x256xf32> -> !tile.tile<16x256xf32>
    %e = tile.scale %t, %s : !tile.tile<16x256xf32>, f32
    tile.store %e, %y[%row, %c0] : !tile.tile<16x256xf32>, memref<64x256xf32>
  }
  return
}
)";
  ModelRunResult r = run("stream.mlir", text, "ascend910b2");
  expectPass(r);
  EXPECT_NE(r.source.find("pipe.InitBuffer(inQueue0, 2, 16384);"), std::string::npos) << r.source;
}

TEST(AscendCKernels, HalfElementwiseAndColumnMaxRunOnTheVectorUnit) {
  const char *text = R"(func.func @half_ops(%x: memref<16x128xf16>, %y: memref<16x128xf16>, %z: memref<16x128xf16>, %m: memref<2x128xf16>)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %a = tile.load %x[%i, %c0] : memref<16x128xf16> -> !tile.tile<8x128xf16>
  %b = tile.load %y[%i, %c0] : memref<16x128xf16> -> !tile.tile<8x128xf16>
  %s = tile.mul %a, %b : !tile.tile<8x128xf16>
  %e = tile.exp %s : !tile.tile<8x128xf16>
  %r = tile.max %e, %a : !tile.tile<8x128xf16>
  tile.store %r, %z[%i, %c0] : !tile.tile<8x128xf16>, memref<16x128xf16>
  %mx = tile.reduce_max %r {axis = 0} : !tile.tile<8x128xf16> -> !tile.tile<1x128xf16>
  tile.store %mx, %m[%i, %c0] : !tile.tile<1x128xf16>, memref<2x128xf16>
  return
}
)";
  for (const char *target : {"ascend910b2", "ascend310p3"}) expectPass(run("half.mlir", text, target));
}

// half x half -> f32 on the cube: B goes to L0B with LoadData's ifTranspose
// (16-bit only), and 2x2 fractal Mmads get PipeBarrier<PIPE_M> between them.
TEST(AscendCKernels, HalfGemmRunsOnTheCube) {
  const char *text = R"(func.func @half_gemm(%a: memref<64x128xf16>, %b: memref<128x64xf16>, %c: memref<64x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 2, 2>} {
  %i = tile.program_id 0 : index
  %j = tile.program_id 1 : index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = tile.constant 0.0 : !tile.tile<32x32xf32>
  %acc = scf.for %k = %c0 to %c4 step %c1 iter_args(%sum = %zero) -> (!tile.tile<32x32xf32>) {
    %ta = tile.load %a[%i, %k] : memref<64x128xf16> -> !tile.tile<32x32xf16>
    %tb = tile.load %b[%k, %j] : memref<128x64xf16> -> !tile.tile<32x32xf16>
    %next = tile.matmul %ta, %tb, %sum : !tile.tile<32x32xf16>, !tile.tile<32x32xf16>, !tile.tile<32x32xf32> -> !tile.tile<32x32xf32>
    scf.yield %next : !tile.tile<32x32xf32>
  }
  tile.store %acc, %c[%i, %j] : !tile.tile<32x32xf32>, memref<64x64xf32>
  return
}
)";
  for (const char *target : {"ascend910b2", "ascend950"}) {
    ModelRunResult r = run("hgemm.mlir", text, target);
    expectPass(r);
    EXPECT_NE(r.source.find(", true, 0));"), std::string::npos) << "B is transposed by LoadData: " << r.source;
    EXPECT_NE(r.source.find("PipeBarrier<PIPE_M>();"), std::string::npos);
  }
  expectRefused(run("hgemm.mlir", text, "ascend310p3"), "hgemm.mlir:12:13: error: [ascend.unsupported] tile.matmul");
}

TEST(AscendCKernels, EveryKernelOfAModuleRunsOrOneByName) {
  const char *text = R"(func.func @first(%x: memref<256xf32>, %y: memref<256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4>} {
  %i = tile.program_id 0 : index
  %t = tile.load %x[%i] : memref<256xf32> -> !tile.tile<1x64xf32>
  %e = tile.relu %t : !tile.tile<1x64xf32>
  tile.store %e, %y[%i] : !tile.tile<1x64xf32>, memref<256xf32>
  return
}
func.func @second(%x: memref<256xi32>, %y: memref<256xi32>, %k: i32)
    attributes {tile.kernel, tile.grid = array<i64: 2, 2>} {
  %i = tile.program_id 0 : index
  %j = tile.program_id 1 : index
  %c2 = arith.constant 2 : index
  %r = arith.muli %i, %c2 : index
  %p = arith.addi %r, %j : index
  %t = tile.load %x[%p] : memref<256xi32> -> !tile.tile<1x64xi32>
  %s = tile.scale %t, %k : !tile.tile<1x64xi32>, i32
  %a = tile.abs %s : !tile.tile<1x64xi32>
  tile.store %a, %y[%p] : !tile.tile<1x64xi32>, memref<256xi32>
  return
}
)";
  ModelRunResult all = run("two.mlir", text, "ascend910b3");
  expectPass(all);
  ASSERT_EQ(all.kernels.size(), 2u);
  EXPECT_EQ(all.kernels[0].kernel, "first");
  EXPECT_EQ(all.kernels[1].kernel, "second");
  ModelRunOptions options;
  options.target = "ascend910b3";
  options.kernel = "second";
  ModelRunResult one = runOnModel({"two.mlir", text}, options);
  expectPass(one);
  ASSERT_EQ(one.kernels.size(), 1u);
  EXPECT_EQ(one.kernels[0].kernel, "second");
  EXPECT_EQ(one.source.find("void first("), std::string::npos);
}

TEST(AscendCKernels, AMixedKernelRunsAsItsPhasesAndMatches) {
  // The matmul on the cube, then a vector add that reads A again from GM
  // and the matmul's result from the workspace; the model runs the phases
  // in order over the whole grid, and the reference runs the kernel.
  std::string shared = test::readFile(test::sourceDir() / "tests/backends/ascend/inputs/shared_operand.mlir");
  for (const char *soc : {"ascend910b2", "ascend950"}) {
    ModelRunResult r = run("shared_operand.mlir", shared, soc);
    expectPass(r);
    ASSERT_EQ(r.kernels.size(), 1u) << soc;
    EXPECT_EQ(r.kernels[0].kernel, "shared");
    ASSERT_EQ(r.kernels[0].tensors.size(), 3u) << "the kernel's own tensors only, not the workspace";
    EXPECT_TRUE(r.kernels[0].tensors[2].written);
    EXPECT_NE(r.source.find("void shared_p0_cube("), std::string::npos);
    EXPECT_NE(r.source.find("void shared_p1_vector("), std::string::npos);
  }
}

}  // namespace
}  // namespace kiln::ascend::lower
