// splitMixedKernels: a kernel mixing cube and vector work on a split-core
// SoC becomes phases of one kind each, with workspaces for the tiles that
// cross; what cannot be split that way is a located [ascend.mixed-cores]
// error. That the phases compute what the kernel does is shown on kiln's
// AscendC CPU model (ascendc_examples_test, ascendc_kernels_test).
#include <gtest/gtest.h>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "tests/support/test_files.h"
#include "worker/backends/ascend/lower/kernel_core_kind.h"
#include "worker/backends/ascend/lower/kernel_phases.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/module_loader.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/tile_ops.h"
#include "worker/plan/inline_helpers.h"

namespace kiln::ascend::lower {
namespace {

AscendTarget target(const std::string &name) {
  std::string error;
  std::optional<AscendTarget> t = findAscendTarget(name, "", error);
  EXPECT_TRUE(t) << error;
  return t.value_or(AscendTarget{});
}

struct Split {
  LoadedModule loaded;
  std::vector<Diagnostic> diagnostics;
  std::vector<SplitKernel> split;
  bool ok = false;

  mlir::func::FuncOp func(const std::string &name) { return loaded.module->lookupSymbol<mlir::func::FuncOp>(name); }
};

std::unique_ptr<Split> split(const std::string &name, const std::string &text, const std::string &soc = "ascend910b2") {
  auto out = std::make_unique<Split>();
  out->loaded = loadModule({name, text});
  EXPECT_TRUE(out->loaded.ok());
  if (!out->loaded.ok()) return out;
  DiagnosticCollector collector(*out->loaded.context, out->diagnostics);
  EXPECT_TRUE(mlir::succeeded(plan::inlineHelpers(*out->loaded.module)));
  out->ok = mlir::succeeded(splitMixedKernels(*out->loaded.module, target(soc), out->split));
  if (out->ok) EXPECT_TRUE(mlir::succeeded(mlir::verify(*out->loaded.module))) << "the phases verify";
  return out;
}

std::unique_ptr<Split> splitExample(const std::string &file, const std::string &soc = "ascend910b2") {
  std::filesystem::path path = std::filesystem::path(KILN_SHARED_DIR_HINT) / file;
  if (!std::filesystem::exists(path)) path = test::sourceDir() / "examples" / file;
  return split(file, test::readFile(path), soc);
}

TEST(KernelPhases, AttentionBlockIsCubeThenVectorThenCube) {
  auto s = splitExample("attention_block.mlir");
  ASSERT_TRUE(s->ok);
  ASSERT_EQ(s->split.size(), 1u);
  const SplitKernel &k = s->split[0];
  EXPECT_EQ(k.kernel, "attention_block");
  ASSERT_EQ(k.phases.size(), 3u);
  EXPECT_EQ(k.phases[0].name, "attention_block_p0_cube");
  EXPECT_EQ(k.phases[1].name, "attention_block_p1_vector");
  EXPECT_EQ(k.phases[2].name, "attention_block_p2_cube");
  EXPECT_EQ(k.phases[1].core, CoreKind::kVector);
  EXPECT_EQ(k.user_params, 5u);
  ASSERT_EQ(k.workspaces.size(), 2u);  // S (cube -> vector) and P (vector -> cube)
  EXPECT_EQ(k.workspaces[0].type, "memref<256x256xf32>");
  EXPECT_EQ(k.workspaces[0].bytes, 256 * 256 * 4);
  EXPECT_FALSE(s->func("attention_block")) << "the mixed kernel is replaced by its phases";
  for (const KernelPhase &p : k.phases) {
    mlir::func::FuncOp f = s->func(p.name);
    ASSERT_TRUE(f) << p.name;
    EXPECT_EQ(f.getNumArguments(), 7u);
    EXPECT_TRUE(f->hasAttr(tile::TileDialect::kKernelAttrName));
    CoreUse use = coreUse(f);
    EXPECT_FALSE(use.mixed()) << p.name;
    EXPECT_EQ(use.kind(), p.core) << p.name;
  }
  // The vector phase reads S from the first workspace and writes P to the second.
  int loads = 0, stores = 0;
  s->func(k.phases[1].name).walk([&](mlir::Operation *op) {
    if (auto load = llvm::dyn_cast<tile::LoadOp>(op))
      loads += load.getSource() == s->func(k.phases[1].name).getArgument(5);
    if (auto store = llvm::dyn_cast<tile::StoreOp>(op))
      stores += store.getDest() == s->func(k.phases[1].name).getArgument(6);
  });
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(stores, 1);
}

TEST(KernelPhases, AKLoopThenACastCrossOnceOnATwoDimensionalGrid) {
  auto s = splitExample("mixed_precision_gemm.mlir");
  ASSERT_TRUE(s->ok);
  ASSERT_EQ(s->split.size(), 1u);
  const SplitKernel &k = s->split[0];
  ASSERT_EQ(k.phases.size(), 2u);
  EXPECT_EQ(k.phases[0].core, CoreKind::kCube);   // the K loop and the f32 store
  EXPECT_EQ(k.phases[1].core, CoreKind::kVector);  // the bf16 cast and its store
  ASSERT_EQ(k.workspaces.size(), 1u);
  EXPECT_EQ(k.workspaces[0].type, "memref<128x128xf32>") << "a 32x32 slice per block of the 4x4 grid";
}

TEST(KernelPhases, KernelsOfOneKindAndSocsWithoutSplitCoresAreLeftAlone) {
  for (const char *file : {"gemm.mlir", "vec_add.mlir", "softmax_rows.mlir"}) {
    auto s = splitExample(file);
    ASSERT_TRUE(s->ok) << file;
    EXPECT_TRUE(s->split.empty()) << file;
  }
  auto p = splitExample("attention_block.mlir", "ascend310p3");
  ASSERT_TRUE(p->ok);
  EXPECT_TRUE(p->split.empty()) << "the 310P's AI core runs cube and vector work itself";
  EXPECT_TRUE(p->func("attention_block"));
}

TEST(KernelPhases, ATileReadOnlyFromGlobalMemoryIsLoadedAgainInsteadOfCrossing) {
  auto s = split("shared_operand.mlir",
                 test::readFile(test::sourceDir() / "tests/backends/ascend/inputs/shared_operand.mlir"));
  ASSERT_TRUE(s->ok);
  ASSERT_EQ(s->split.size(), 1u);
  ASSERT_EQ(s->split[0].phases.size(), 2u);
  EXPECT_EQ(s->split[0].workspaces.size(), 1u) << "only the matmul's result crosses";
  int loadsOfA = 0;
  s->func("shared_p1_vector").walk([&](tile::LoadOp load) {
    loadsOfA += load.getSource() == s->func("shared_p1_vector").getArgument(0);
  });
  EXPECT_EQ(loadsOfA, 1);
}

TEST(KernelPhases, CubeAndVectorWorkInOneLoopIsLocated) {
  auto s = split("loop.mlir", R"(func.func @loop(%a: memref<64x64xf32>, %b: memref<64x64xf32>, %c: memref<64x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = tile.constant 0.0 : !tile.tile<32x64xf32>
  %acc = scf.for %k = %c0 to %c2 step %c1 iter_args(%sum = %zero) -> (!tile.tile<32x64xf32>) {
    %ta = tile.load %a[%i, %k] : memref<64x64xf32> -> !tile.tile<32x32xf32>
    %tb = tile.load %b[%k, %c0] : memref<64x64xf32> -> !tile.tile<32x64xf32>
    %m = tile.matmul %ta, %tb, %sum : !tile.tile<32x32xf32>, !tile.tile<32x64xf32>, !tile.tile<32x64xf32> -> !tile.tile<32x64xf32>
    %r = tile.relu %m : !tile.tile<32x64xf32>
    scf.yield %r : !tile.tile<32x64xf32>
  }
  tile.store %acc, %c[%i, %c0] : !tile.tile<32x64xf32>, memref<64x64xf32>
  return
}
)");
  EXPECT_FALSE(s->ok);
  ASSERT_FALSE(s->diagnostics.empty());
  const Diagnostic &d = s->diagnostics[0];
  EXPECT_EQ(formatHeadline(d).rfind("loop.mlir:12:10: error: [ascend.mixed-cores] kernel @loop mixes cube work "
                                    "(tile.matmul) with vector work (tile.relu) inside one scf.for; ascend910b2",
                                    0),
            0u)
      << formatHeadline(d);
  EXPECT_TRUE(s->func("loop")) << "nothing is rewritten";
}

TEST(KernelPhases, AThreeDimensionalGridAHostileGridAndATakenPhaseNameAreLocated) {
  const std::string body = R"(
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %ta = tile.load %a[%i, %c0] : memref<64x32xf32> -> !tile.tile<32x32xf32>
  %m = tile.matmul %ta, %ta : !tile.tile<32x32xf32>, !tile.tile<32x32xf32> -> !tile.tile<32x32xf32>
  %e = tile.exp %m : !tile.tile<32x32xf32>
  tile.store %e, %c[%i, %c0] : !tile.tile<32x32xf32>, memref<64x32xf32>
  return
}
)";
  auto grid3 = split("g3.mlir", "func.func @g3(%a: memref<64x32xf32>, %c: memref<64x32xf32>)\n"
                                "    attributes {tile.kernel, tile.grid = array<i64: 2, 1, 1>} {" + body);
  EXPECT_FALSE(grid3->ok);
  ASSERT_FALSE(grid3->diagnostics.empty());
  EXPECT_NE(grid3->diagnostics[0].message.find("[ascend.mixed-cores] kernel @g3 mixes cube and vector work on a 3-D grid"),
            std::string::npos)
      << grid3->diagnostics[0].message;

  // A hostile grid: one slice per block would overflow 64 bits; bounded, located.
  auto huge = split("huge.mlir", "func.func @huge(%a: memref<64x32xf32>, %c: memref<64x32xf32>)\n"
                                 "    attributes {tile.kernel, tile.grid = array<i64: 4611686018427387904, 4>} {" + body);
  EXPECT_FALSE(huge->ok);
  ASSERT_FALSE(huge->diagnostics.empty());
  EXPECT_NE(huge->diagnostics[0].message.find("over kiln's bound of 64 GiB"), std::string::npos)
      << huge->diagnostics[0].message;
  EXPECT_GT(huge->diagnostics[0].line, 0u);
  auto big = split("big.mlir", "func.func @big(%a: memref<64x32xf32>, %c: memref<64x32xf32>)\n"
                               "    attributes {tile.kernel, tile.grid = array<i64: 70000000>} {" + body);
  EXPECT_FALSE(big->ok) << "70M blocks of a 4 KiB slice is 280 GB";

  auto taken = split("taken.mlir", "func.func @k_p0_cube() { return }\n"
                                   "func.func @k(%a: memref<64x32xf32>, %c: memref<64x32xf32>)\n"
                                   "    attributes {tile.kernel, tile.grid = array<i64: 2>} {" + body);
  EXPECT_FALSE(taken->ok);
  ASSERT_FALSE(taken->diagnostics.empty());
  EXPECT_NE(taken->diagnostics[0].message.find("the module already defines @k_p0_cube"), std::string::npos)
      << taken->diagnostics[0].message;
}

}  // namespace
}  // namespace kiln::ascend::lower
