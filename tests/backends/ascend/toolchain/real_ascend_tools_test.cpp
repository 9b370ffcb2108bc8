// bisheng and ptoas for real: discovery over this machine's environment
// (ASCEND_HOME_PATH, ASCEND_TOOLKIT_HOME, PTOAS_HOME, PATH, the standard
// CANN home), then a small hand-written AscendC vector kernel and a small
// PTO file compiled to device objects. Where a tool is not found every test
// here skips, and the skip message is discovery's own diagnostic
// ("bisheng not found (searched: ...)"). No stand-in is used in this file.
#include <gtest/gtest.h>

#include "worker/backends/ascend/toolchain/bisheng_driver.h"
#include "worker/backends/ascend/toolchain/ptoas_driver.h"

namespace kiln::ascend {
namespace {

using toolchain::ToolRun;

AscendTarget target(const std::string &name) {
  std::string error;
  std::optional<AscendTarget> t = findAscendTarget(name, "", error);
  return t ? *t : AscendTarget{};
}

// Discovery's own words: "bisheng not found (searched: ...)".
std::string reason(const std::vector<Diagnostic> &diagnostics) {
  std::string text;
  for (const Diagnostic &d : diagnostics) text += (text.empty() ? "" : "; ") + d.message;
  return text;
}

std::string allText(const std::vector<Diagnostic> &diagnostics) {
  std::string text;
  for (const Diagnostic &d : diagnostics) text += formatDiagnostic(d);
  return text;
}

// z = x + y over 8 blocks of 2048 halves, double-buffered, in the shape of
// Huawei's public vector samples.
constexpr const char *kAddKernel = R"(#include "kernel_operator.h"
constexpr int32_t kTotal = 8 * 2048;
constexpr int32_t kBlocks = 8;
constexpr int32_t kPerBlock = kTotal / kBlocks;
constexpr int32_t kTiles = 8;
constexpr int32_t kBufferNum = 2;
constexpr int32_t kTile = kPerBlock / kTiles / kBufferNum;

class KernelAdd {
 public:
  __aicore__ inline KernelAdd() {}
  __aicore__ inline void Init(GM_ADDR x, GM_ADDR y, GM_ADDR z) {
    xGm.SetGlobalBuffer((__gm__ half *)x + kPerBlock * AscendC::GetBlockIdx(), kPerBlock);
    yGm.SetGlobalBuffer((__gm__ half *)y + kPerBlock * AscendC::GetBlockIdx(), kPerBlock);
    zGm.SetGlobalBuffer((__gm__ half *)z + kPerBlock * AscendC::GetBlockIdx(), kPerBlock);
    pipe.InitBuffer(inX, kBufferNum, kTile * sizeof(half));
    pipe.InitBuffer(inY, kBufferNum, kTile * sizeof(half));
    pipe.InitBuffer(outZ, kBufferNum, kTile * sizeof(half));
  }
  __aicore__ inline void Process() {
    for (int32_t i = 0; i < kTiles * kBufferNum; i++) {
      CopyIn(i);
      Compute();
      CopyOut(i);
    }
  }

 private:
  __aicore__ inline void CopyIn(int32_t i) {
    AscendC::LocalTensor<half> x = inX.AllocTensor<half>();
    AscendC::LocalTensor<half> y = inY.AllocTensor<half>();
    AscendC::DataCopy(x, xGm[i * kTile], kTile);
    AscendC::DataCopy(y, yGm[i * kTile], kTile);
    inX.EnQue(x);
    inY.EnQue(y);
  }
  __aicore__ inline void Compute() {
    AscendC::LocalTensor<half> x = inX.DeQue<half>();
    AscendC::LocalTensor<half> y = inY.DeQue<half>();
    AscendC::LocalTensor<half> z = outZ.AllocTensor<half>();
    AscendC::Add(z, x, y, kTile);
    outZ.EnQue<half>(z);
    inX.FreeTensor(x);
    inY.FreeTensor(y);
  }
  __aicore__ inline void CopyOut(int32_t i) {
    AscendC::LocalTensor<half> z = outZ.DeQue<half>();
    AscendC::DataCopy(zGm[i * kTile], z, kTile);
    outZ.FreeTensor(z);
  }

  AscendC::TPipe pipe;
  AscendC::TQue<AscendC::QuePosition::VECIN, kBufferNum> inX, inY;
  AscendC::TQue<AscendC::QuePosition::VECOUT, kBufferNum> outZ;
  AscendC::GlobalTensor<half> xGm, yGm, zGm;
};

extern "C" __global__ __aicore__ void add_custom(GM_ADDR x, GM_ADDR y, GM_ADDR z) {
  KernelAdd op;
  op.Init(x, y, z);
  op.Process();
}
)";

// One 32x32 f32 tile added at level 2 (ptoas plans the addresses).
constexpr const char *kAddPto = R"(module {
  func.func @add_tile(%x: !pto.ptr<f32>, %y: !pto.ptr<f32>, %z: !pto.ptr<f32>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    %xv = pto.make_tensor_view %x, shape = [%c32, %c32] strides = [%c32, %c1] : !pto.tensor_view<32x32xf32>
    %yv = pto.make_tensor_view %y, shape = [%c32, %c32] strides = [%c32, %c1] : !pto.tensor_view<32x32xf32>
    %zv = pto.make_tensor_view %z, shape = [%c32, %c32] strides = [%c32, %c1] : !pto.tensor_view<32x32xf32>
    %xp = pto.partition_view %xv, offsets = [%c0, %c0], sizes = [%c32, %c32] : !pto.tensor_view<32x32xf32> -> !pto.partition_tensor_view<32x32xf32>
    %yp = pto.partition_view %yv, offsets = [%c0, %c0], sizes = [%c32, %c32] : !pto.tensor_view<32x32xf32> -> !pto.partition_tensor_view<32x32xf32>
    %zp = pto.partition_view %zv, offsets = [%c0, %c0], sizes = [%c32, %c32] : !pto.tensor_view<32x32xf32> -> !pto.partition_tensor_view<32x32xf32>
    %a = pto.alloc_tile : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>
    %b = pto.alloc_tile : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>
    %c = pto.alloc_tile : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>
    pto.tload ins(%xp : !pto.partition_tensor_view<32x32xf32>) outs(%a : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>)
    pto.tload ins(%yp : !pto.partition_tensor_view<32x32xf32>) outs(%b : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>)
    pto.tadd ins(%a, %b : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>, !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>) outs(%c : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>)
    pto.tstore ins(%c : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=32, v_row=32, v_col=32, blayout=row_major, slayout=none_box, fractal=512, pad=0>) outs(%zp : !pto.partition_tensor_view<32x32xf32>)
    return
  }
}
)";

class RealBisheng : public ::testing::Test {
 protected:
  void SetUp() override {
    BishengDiscovery found = BishengDriver::discover(defaultBishengConfig());
    if (!found.driver) GTEST_SKIP() << "no usable bisheng here: " << reason(found.diagnostics);
    driver_.emplace(std::move(*found.driver));
  }
  std::optional<BishengDriver> driver_;
  AscendTarget b2_ = target("ascend910b2");
};

TEST_F(RealBisheng, CompilesAVectorKernelToAnElfObject) {
  ToolRun r = driver_->compile({kAddKernel, &b2_, CoreKind::kVector, false});
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics) << r.output;
  ASSERT_GE(r.artifact.size(), 4u);
  EXPECT_EQ(r.artifact.substr(0, 4), "\x7f" "ELF");
}

TEST_F(RealBisheng, ErrorsAreLocatedAndMappedToTheMlir) {
  std::string source = std::string("#include \"kernel_operator.h\"\n") +
                       "extern \"C\" __global__ __aicore__ void k(GM_ADDR x) {\n"
                       "// @kiln.loc broken.mlir:4:5\n"
                       "  undeclared_thing = 1;\n"
                       "}\n";
  ToolRun r = driver_->compile({source, &b2_, CoreKind::kVector, false});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.artifact.empty());
  bool mapped = false;
  for (const Diagnostic &d : r.diagnostics)
    mapped = mapped || (d.severity == Severity::kError && d.file == "broken.mlir" && d.line == 4);
  EXPECT_TRUE(mapped) << allText(r.diagnostics);
}

class RealPtoas : public RealBisheng {
 protected:
  void SetUp() override {
    RealBisheng::SetUp();
    if (IsSkipped()) return;
    PtoasDiscovery found = PtoasDriver::discover(defaultPtoasConfig());
    if (!found.driver) GTEST_SKIP() << "no usable ptoas here: " << reason(found.diagnostics);
    ptoas_.emplace(std::move(*found.driver));
  }
  std::optional<PtoasDriver> ptoas_;
};

TEST_F(RealPtoas, TranslatesPtoThenBishengCompilesIt) {
  ToolRun cpp = ptoas_->compile({kAddPto, &b2_, 2});
  ASSERT_TRUE(cpp.ok()) << allText(cpp.diagnostics) << cpp.output;
  EXPECT_NE(cpp.artifact.find("pto"), std::string::npos) << cpp.artifact.substr(0, 400);
  ToolRun obj = driver_->compile({cpp.artifact, &b2_, CoreKind::kVector, true});
  ASSERT_TRUE(obj.ok()) << allText(obj.diagnostics) << obj.output;
  EXPECT_EQ(obj.artifact.substr(0, 4), "\x7f" "ELF");
}

}  // namespace
}  // namespace kiln::ascend
