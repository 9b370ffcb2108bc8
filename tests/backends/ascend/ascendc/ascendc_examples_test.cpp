// Every shared and examples/ kernel, on each of the five Ascend targets:
// the outcome is asserted explicitly per pair, so a kernel that regresses
// from "runs on the model and matches the reference" to a refusal, or a
// refusal that turns into code, fails here. A passing pair also proves that
// the UB buffers landed at the plan's offsets (runOnModel compares the
// model's InitBuffer placements with the plan) and that the text uses the
// AscendC samples' idioms with legal DataCopy lengths.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "tests/support/test_files.h"
#include "worker/backends/ascend/lower/ascendc/runner/model_run.h"

namespace kiln::ascend::lower {
namespace {

const std::vector<std::string> kTargets = {"ascend910b2", "ascend910b3", "ascend910c", "ascend310p3", "ascend950"};

bool splitCores(const std::string &target) { return target != "ascend310p3"; }

/// "pass", or the start of the located error the pair must give
/// ("file.mlir:LINE:COL: error: [rule]").
std::string expectedOutcome(const std::string &stem, const std::string &target) {
  static const std::map<std::string, std::pair<std::string, std::string>> kRefused = {
      // example: {on split-core SoCs, on 310P}
      {"gemm", {"pass", "gemm.mlir:13:13: error: [ascend.unsupported] tile.matmul"}},
      // Split-core SoCs run these mixed kernels as cube and vector phases.
      {"mixed_precision_gemm", {"pass", "mixed_precision_gemm.mlir:15:13: error: [ascend.unsupported] tile.matmul"}},
      {"attention_block", {"pass",
                           // 310P: two 64 KiB B operands cannot both have an L0B region.
                           "attention_block.mlir:14:10: error: [oracle.capacity]"}},
  };
  auto it = kRefused.find(stem);
  if (it == kRefused.end()) return "pass";
  return splitCores(target) ? it->second.first : it->second.second;
}

bool usesCube(const std::string &stem) {
  return stem == "gemm" || stem == "mixed_precision_gemm" || stem == "attention_block";
}
bool usesVector(const std::string &stem) { return stem != "gemm"; }

/// `floatB`: a float B operand, which needs LoadDataWithTranspose (a half
/// one is transposed by LoadData itself).
void expectCubeIdioms(const std::string &text, bool floatB) {
  if (floatB) EXPECT_NE(text.find("LoadDataWithTranspose("), std::string::npos) << "missing LoadDataWithTranspose(";
  for (const char *idiom : {"extern \"C\" __global__ __aicore__ void", "GM_ADDR", "TBuf<TPosition::A1>",
                            "TBuf<TPosition::B1>", "TBuf<TPosition::A2>", "TBuf<TPosition::B2>", "TBuf<TPosition::CO1>",
                            "Nd2NzParams(", "LoadData(", "Mmad(", "mm.cmatrixInitVal = ",
                            "Fixpipe(", "FixpipeParamsV220(", "SetFlag<HardEvent::MTE2_MTE1>", "SetFlag<HardEvent::MTE1_M>",
                            "SetFlag<HardEvent::M_FIX>"})
    EXPECT_NE(text.find(idiom), std::string::npos) << "missing " << idiom;
  for (const char *event : {"MTE1_MTE2", "MTE2_MTE1", "M_MTE1", "MTE1_M", "M_FIX"}) {
    auto count = [&](const std::string &what) {
      size_t n = 0;
      for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
      return n;
    };
    std::string e = std::string("<HardEvent::") + event + ">";
    EXPECT_EQ(count("SetFlag" + e), count("WaitFlag" + e)) << event << " flags pair exactly";
  }
}

void expectSampleIdioms(const std::string &text) {
  for (const char *idiom : {"extern \"C\" __global__ __aicore__ void", "GM_ADDR", ".SetGlobalBuffer((__gm__ ",
                            "TPipe pipe;", "TQue<QuePosition::VECIN, ", "pipe.InitBuffer(", ".AllocTensor<",
                            ".EnQue(", ".DeQue<", ".FreeTensor(", "GetBlockIdx()"})
    EXPECT_NE(text.find(idiom), std::string::npos) << "missing " << idiom;
  // Every count-form DataCopy moves whole 32 B blocks: these kernels' GM
  // tensors are 4-byte f32/i32, so a count is a multiple of 8.
  std::regex countForm(R"(DataCopy\([^;]*, ([0-9]+)\);)");
  int seen = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), countForm); it != std::sregex_iterator(); ++it) {
    ++seen;
    EXPECT_EQ(std::stoll((*it)[1]) * 4 % 32, 0) << (*it)[0];
  }
  std::regex strided(R"(DataCopyParams\{([0-9]+), ([0-9]+), ([0-9]+), ([0-9]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), strided); it != std::sregex_iterator(); ++it) {
    ++seen;
    EXPECT_GE(std::stoll((*it)[1]), 1);
    EXPECT_LE(std::stoll((*it)[1]), 4095);
    EXPECT_GE(std::stoll((*it)[2]), 1) << "blockLen is in whole 32 B units";
  }
  EXPECT_GT(seen, 0);
  // The location comments keep the exact form the bisheng driver parses.
  std::regex loc(R"(// @kiln\.loc [A-Za-z0-9_./-]+:[0-9]+:[0-9]+\n)");
  EXPECT_TRUE(std::regex_search(text, loc));
  for (size_t at = text.find("@kiln.loc"); at != std::string::npos; at = text.find("@kiln.loc", at + 1)) {
    std::string line = text.substr(at - 3, text.find('\n', at) - at + 4);
    EXPECT_TRUE(std::regex_match(line, loc)) << line;
  }
}

class AscendCExamplesTest : public ::testing::TestWithParam<std::tuple<std::filesystem::path, std::string>> {};

TEST_P(AscendCExamplesTest, RunsOnTheModelAndMatchesOrIsALocatedError) {
  auto [path, target] = GetParam();
  ModelRunOptions options;
  options.target = target;
  ModelRunResult result = runOnModel({path.string(), test::readFile(path)}, options);
  std::string expected = expectedOutcome(path.stem().string(), target);
  if (expected == "pass") {
    ASSERT_EQ(result.status, ModelRunStatus::kPass)
        << modelRunStatusName(result.status)
        << (result.diagnostics.empty() ? "" : ": " + formatHeadline(result.diagnostics[0]))
        << (result.kernels.empty() ? "" : "\n" + result.kernels[0].message);
    ASSERT_FALSE(result.kernels.empty());
    for (const KernelRun &run : result.kernels) {
      bool wroteOne = false;
      for (const TensorReport &t : run.tensors) {
        EXPECT_EQ(t.mismatches, 0u) << run.kernel << " " << t.param << " max error " << t.max_error;
        wroteOne |= t.written;
      }
      EXPECT_TRUE(wroteOne) << run.kernel << " compared no output";
    }
    if (usesCube(path.stem().string())) expectCubeIdioms(result.source, path.stem() != "mixed_precision_gemm");
    if (usesVector(path.stem().string())) expectSampleIdioms(result.source);
    return;
  }
  ASSERT_EQ(result.status, ModelRunStatus::kLocatedError) << modelRunStatusName(result.status);
  ASSERT_FALSE(result.diagnostics.empty());
  std::string headline = formatHeadline(result.diagnostics[0]);
  EXPECT_NE(headline.find(expected), std::string::npos) << headline << "\nexpected: " << expected;
  EXPECT_NE(headline.find(target), std::string::npos) << "the error names the target: " << headline;
  EXPECT_TRUE(result.source.empty()) << "a refused kernel must get no code";
}

INSTANTIATE_TEST_SUITE_P(Examples, AscendCExamplesTest,
                         ::testing::Combine(::testing::ValuesIn(test::allExamples()), ::testing::ValuesIn(kTargets)),
                         [](const auto &info) {
                           return test::testName(std::get<0>(info.param).stem().string() + "_" +
                                                 std::get<1>(info.param));
                         });

}  // namespace
}  // namespace kiln::ascend::lower
