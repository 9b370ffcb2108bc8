// Consecutive pointwise tile ops of one shape share one element loop and one
// barrier (worker/backends/nvidia/lower/gpu/gpu_emitter.cpp): issue #13 found
// compile time super-linear in kernel length, because LLVM's loop passes and
// ptxas are super-linear in loops per kernel and every op was its own loop.
#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/backends/nvidia/nvidia_compile.h"

namespace kiln {
namespace {

const nvidia::Toolchains &environment() {
  static const nvidia::Toolchains env = nvidia::Toolchains::discover(nvidia::Config{});
  return env;
}

std::string kernel(const std::string &body) {
  return "func.func @k(%x: memref<4096xf32>, %c: memref<16x256xf32>, %z: memref<4096xf32>)\n"
         "    attributes {tile.kernel, tile.grid = array<i64: 16>} {\n"
         "  %i = tile.program_id 0 : index\n"
         "  %t0 = tile.load %x[%i] : memref<4096xf32> -> !tile.tile<1x256xf32>\n" +
         body + "  return\n}\n";
}

std::string chainOf(int n) {
  std::string body;
  for (int k = 1; k <= n; ++k)
    body += "  %t" + std::to_string(k) + " = tile." + (k % 3 == 0 ? "mul" : k % 3 == 1 ? "add" : "max") + " %t" +
            std::to_string(k - 1) + ", %t0 : !tile.tile<1x256xf32>\n";
  return body + "  tile.store %t" + std::to_string(n) + ", %z[%i] : !tile.tile<1x256xf32>, memref<4096xf32>\n";
}

struct Compiled {
  CompileResult result;
  std::string ptx, cuda;
};

Compiled compile(const std::string &text) {
  CompileRequest request;
  request.source = {"fusion.mlir", text};
  request.target = "sm_90";
  request.emit = {Emit::kPtx, Emit::kCuda};
  Compiled out{nvidia::compile(request, environment()), {}, {}};
  for (const Artifact &a : out.result.artifacts) {
    if (a.kind == "ptx") out.ptx = a.bytes;
    if (a.kind == "cuda") out.cuda = a.bytes;
  }
  return out;
}

std::size_t count(const std::string &text, const std::string &what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class ElementLoopFusion : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!environment().ptxas())
      GTEST_SKIP() << "ptxas is not installed: " << formatHeadline(environment().ptxasMissing().at(0));
  }
};

TEST_F(ElementLoopFusion, AChainOfPointwiseOpsIsOneLoopAndOneBarrier) {
  for (int n : {2, 64, 500}) {
    Compiled c = compile(kernel(chainOf(n)));
    ASSERT_TRUE(c.result.ok()) << formatHeadline(c.result.diagnostics.at(0));
    // One barrier after the load, one after the whole chain, one after the store.
    EXPECT_EQ(count(c.ptx, "bar.sync"), 3u) << n << " ops";
    EXPECT_EQ(count(c.cuda, "__syncthreads()"), 3u) << n << " ops";
    // Every op is still computed, in order: n float ops in the PTX.
    EXPECT_GE(count(c.ptx, "add.rn.f32") + count(c.ptx, "mul.rn.f32") + count(c.ptx, "max.f32"),
              static_cast<std::size_t>(n))
        << n << " ops";
  }
}

TEST_F(ElementLoopFusion, OpsThatReadOtherElementsOrOtherShapesKeepTheirBarrier) {
  // A reduction reads every element of its input: the ops around it are
  // separate runs, each ended by a barrier.
  std::string body =
      "  %a = tile.add %t0, %t0 : !tile.tile<1x256xf32>\n"
      "  %b = tile.mul %a, %t0 : !tile.tile<1x256xf32>\n"
      "  %r = tile.reduce_sum %b {axis = 0} : !tile.tile<1x256xf32> -> !tile.tile<1x256xf32>\n"
      "  %d = tile.add %r, %b : !tile.tile<1x256xf32>\n"
      "  %e = tile.exp %d : !tile.tile<1x256xf32>\n"
      "  tile.store %e, %z[%i] : !tile.tile<1x256xf32>, memref<4096xf32>\n";
  Compiled c = compile(kernel(body));
  ASSERT_TRUE(c.result.ok()) << formatHeadline(c.result.diagnostics.at(0));
  // load | add+mul | reduce_sum | add+exp | store
  EXPECT_EQ(count(c.ptx, "bar.sync"), 5u);
}

}  // namespace
}  // namespace kiln
