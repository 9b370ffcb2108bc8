// The run's budgets: executed ops, element work, call depth and tile size
// each stop a pathological kernel with a located error.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

TEST(BudgetsTest, AnEnormousLoopStopsAtTheOpBudget) {
  const char *text = R"(func.func @spin(%x: memref<64xi32>, %n: index)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i32) {
    %next = arith.addi %acc, %one : i32
    scf.yield %next : i32
  }
  %t = tile.constant 1 : !tile.tile<1x64xi32>
  %s = tile.scale %t, %sum : !tile.tile<1x64xi32>, i32
  tile.store %s, %x[%c0] : !tile.tile<1x64xi32>, memref<64xi32>
  return
}
)";
  HostTensor x = intTensor({64}, std::vector<int32_t>(64, 0));
  std::vector<KernelArg> args{&x, int64_t{1} << 62};
  ReferenceConfig config;
  config.max_executed_ops = 200'000;
  auto start = std::chrono::steady_clock::now();
  ReferenceResult result = runKernel({"spin.mlir", text}, "spin", args, config);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("exceeded its budget of 200000 ops (ReferenceConfig::max_executed_ops)"),
            std::string::npos)
      << result.diagnostics[0].message;
  // Located inside the loop body.
  Position loop = positionOf(text, "scf.for"), end = positionOf(text, "%t = tile.constant");
  EXPECT_GT(result.diagnostics[0].line, loop.line);
  EXPECT_LT(result.diagnostics[0].line, end.line);

  // The same loop with a small trip count runs to the end.
  args[1] = int64_t{1000};
  result = runKernel({"spin.mlir", text}, "spin", args, config);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  for (int32_t v : intsOf(x)) ASSERT_EQ(v, 1000);
}

TEST(BudgetsTest, HeavyTileWorkStopsAtTheWorkBudget) {
  const char *text = R"(func.func @grind(%x: memref<128x128xf32>, %n: index)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = tile.load %x[%c0, %c0] : memref<128x128xf32> -> !tile.tile<128x128xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %t) -> (!tile.tile<128x128xf32>) {
    %next = tile.matmul %acc, %t : !tile.tile<128x128xf32>, !tile.tile<128x128xf32> -> !tile.tile<128x128xf32>
    scf.yield %next : !tile.tile<128x128xf32>
  }
  tile.store %r, %x[%c0, %c0] : !tile.tile<128x128xf32>, memref<128x128xf32>
  return
}
)";
  HostTensor x = floatTensor(ElementType::kF32, {128, 128}, std::vector<float>(128 * 128, 0.0f));
  std::vector<KernelArg> args{&x, int64_t{1'000'000}};
  ReferenceConfig config;
  config.max_element_work = uint64_t{20} << 20;  // ten 128^3 matmuls
  ReferenceResult result = runKernel({"grind.mlir", text}, "grind", args, config);
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("ReferenceConfig::max_element_work"), std::string::npos);
  EXPECT_EQ(result.diagnostics[0].line, positionOf(text, "tile.matmul").line);
}

TEST(BudgetsTest, RecursionStopsAtTheCallDepthWithCallSiteNotes) {
  const char *text = R"(func.func @down(%n: index) -> index {
  %c1 = arith.constant 1 : index
  %m = arith.addi %n, %c1 : index
  %r = func.call @down(%m) : (index) -> index
  return %r : index
}

func.func @recurse(%x: memref<64xi32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %r = func.call @down(%c0) : (index) -> index
  return
}
)";
  HostTensor x = intTensor({64}, std::vector<int32_t>(64, 0));
  std::vector<KernelArg> args{&x};
  ReferenceConfig config;
  config.max_call_depth = 10;
  ReferenceResult result = runKernel({"recurse.mlir", text}, "recurse", args, config);
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  const Diagnostic &d = result.diagnostics[0];
  EXPECT_NE(d.message.find("call depth exceeds the reference executor's limit of 10"), std::string::npos) << d.message;
  EXPECT_EQ(d.line, positionOf(text, "func.call @down(%m)").line);
  // The instance, then ten "called from here" notes, innermost first; the
  // last one is the kernel's call.
  ASSERT_EQ(d.notes.size(), 11u);
  EXPECT_EQ(d.notes[1].message, "called from here");
  EXPECT_EQ(d.notes.back().line, positionOf(text, "func.call @down(%c0)").line);
}

TEST(BudgetsTest, AnOversizedTileIsAnErrorNotAnAllocation) {
  const char *text = R"(func.func @huge(%x: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 0.0 : !tile.tile<65536x65536xf32>
  return
}
)";
  HostTensor x = poisonedTensor(ElementType::kF32, {64});
  std::vector<KernelArg> args{&x};
  ReferenceResult result = runKernel({"huge.mlir", text}, "huge", args);
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("ReferenceConfig::max_tile_elements"), std::string::npos);
  EXPECT_EQ(result.diagnostics[0].line, positionOf(text, "tile.constant").line);
}

}  // namespace
}  // namespace kiln::reference::test
