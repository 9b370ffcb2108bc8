// The shape of the emitted PTO without golden files: the PTO ops each
// example needs, every alloc_tile within pto-isa's tile rules, location
// comments that point at the Tile IR op each line came from, level 2 as
// level 3 without addresses, and the launch facts of each kernel.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "tests/backends/ascend/pto/pto_emit_support.h"
#include "tests/support/test_files.h"

namespace kiln::ascend::test {
namespace {

std::filesystem::path example(const std::string &stem) {
  for (const auto &file : kiln::test::allExamples())
    if (file.stem() == stem) return file;
  ADD_FAILURE() << "no example " << stem;
  return {};
}

const std::vector<std::string> kCleanExamples = {"column_stats", "elementwise_ops", "gemm",   "helper_and_branch",
                                                 "layernorm",    "softmax_rows",    "vec_add"};

class PtoStructureTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(PtoStructureTest, HasTheOpsTheKernelNeeds) {
  auto [stem, targetName] = GetParam();
  static const std::map<std::string, std::vector<std::string>> needs = {
      {"softmax_rows", {"pto.tload", "pto.trowmax", "pto.trowexpand", "pto.tsub", "pto.texp", "pto.trowsum", "pto.tdiv", "pto.tstore"}},
      {"vec_add", {"pto.tload", "pto.tadd", "pto.tstore"}},
      {"gemm", {"pto.tload", "pto.tmov", "pto.tmatmul", "pto.tmatmul.acc", "pto.tstore"}},
      {"layernorm", {"pto.trowsum", "pto.tmuls", "pto.trowexpand", "pto.tsub", "pto.tmul", "pto.texpands", "pto.tadd", "pto.trsqrt"}},
      {"column_stats", {"pto.tcolmax", "pto.tcolsum", "pto.tcolexpand", "pto.tsub", "pto.texp", "pto.tdiv"}},
      {"elementwise_ops", {"pto.tadd", "pto.tsub", "pto.tmul", "pto.tdiv", "pto.tmax", "pto.tmin", "pto.texp", "pto.tlog",
                           "pto.tsqrt", "pto.trsqrt", "pto.tabs", "pto.trelu", "pto.tmuls", "pto.texpands"}},
      {"helper_and_branch", {"pto.tload", "pto.tcolexpand", "pto.tadd", "pto.tmov", "pto.tstore"}},
  };
  Emitted e = emitFile(example(stem), target(targetName), 3);
  ASSERT_TRUE(e.source.ok);
  std::vector<std::string> ops = ptoOps(e.source.text);
  std::set<std::string> present(ops.begin(), ops.end());
  for (const std::string &op : needs.at(stem)) EXPECT_TRUE(present.count(op)) << stem << " lacks " << op;
  // Every kernel reads its block index once; views come from pointers.
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "pto.get_block_idx"), 1);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "pto.tload"), std::count(ops.begin(), ops.end(), "pto.partition_view") -
                                                                 std::count(ops.begin(), ops.end(), "pto.tstore"));
  // Nothing of the Tile IR dialect is left.
  EXPECT_EQ(e.source.text.find("tile."), std::string::npos);
}

TEST_P(PtoStructureTest, EveryTileObeysThePtoTileRules) {
  auto [stem, targetName] = GetParam();
  for (int level : {2, 3}) {
    Emitted e = emitFile(example(stem), target(targetName), level);
    ASSERT_TRUE(e.source.ok);
    oracle::PtoReadResult read = oracle::readPto(e.source.text, "x.pto");
    ASSERT_TRUE(read.diagnostics.empty());
    for (const plan::KernelPlan &fn : read.functions)
      for (const plan::Buffer &b : fn.buffers) {
        int64_t rowBytes = b.cols * plan::dtypeBytes(b.dtype);
        EXPECT_EQ(b.bytes % 512, 0) << b.name << " " << b.rows << "x" << b.cols;
        EXPECT_GE(b.bytes, 512) << b.name;
        EXPECT_LE(b.bytes, 32 * 1024) << b.name;
        EXPECT_EQ(rowBytes % 32, 0) << b.name;
        EXPECT_LE(b.valid_rows, b.rows) << b.name;
        EXPECT_LE(b.valid_cols, b.cols) << b.name;
        EXPECT_GT(b.valid_rows, 0) << b.name;
      }
  }
}

// Each op line's nearest location comment above it names a source line
// that holds a Tile IR op, in the exact `// @kiln.loc FILE:LINE:COL` form.
TEST_P(PtoStructureTest, LocationCommentsPointAtTheTileIrOp) {
  auto [stem, targetName] = GetParam();
  std::filesystem::path file = example(stem);
  std::string source = kiln::test::readFile(file);
  Emitted e = emitFile(file, target(targetName), 3);
  ASSERT_TRUE(e.source.ok);
  static const std::regex loc(R"(^ *// @kiln\.loc ([A-Za-z0-9_./-]+):(\d+):(\d+)$)");
  std::istringstream lines(e.source.text);
  std::string line;
  unsigned current = 0, comments = 0, opLines = 0;
  bool inBody = false;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (line.find("@kiln.loc") != std::string::npos) {
      ASSERT_TRUE(std::regex_match(line, m, loc)) << line;
      EXPECT_EQ(m[1].str(), file.filename().string());
      current = std::stoul(m[2]);
      std::string at(sourceLine(source, current));
      EXPECT_GT(at.size(), std::stoul(m[3]) - 1) << line;
      EXPECT_TRUE(std::regex_search(at, std::regex(R"((tile|scf|arith)\.|return)"))) << line << " -> " << at;
      inBody = true;
      ++comments;
      continue;
    }
    // Ops after the first comment are the body; each has a comment above.
    if (inBody && line.find("pto.") != std::string::npos) {
      ++opLines;
      EXPECT_GT(current, 0u) << line;
    }
  }
  EXPECT_GT(comments, 2u);
  EXPECT_GT(opLines, 2u);
  if (stem == "softmax_rows") {
    // The row maximum comes from the reduce_max line, and nowhere else.
    std::string text = e.source.text;
    size_t trowmax = text.find("pto.trowmax");
    size_t comment = text.rfind("@kiln.loc", trowmax);
    unsigned reduceLine = 0;
    size_t reduceColumn = 0;
    unsigned sourceLines = static_cast<unsigned>(std::count(source.begin(), source.end(), '\n')) + 1;
    for (unsigned l = 1; l <= sourceLines; ++l)
      if (size_t at = sourceLine(source, l).find("tile.reduce_max"); at != std::string::npos) {
        reduceLine = l;
        reduceColumn = at + 1;  // MLIR locates an op at its name
      }
    ASSERT_GT(reduceLine, 0u);
    EXPECT_EQ(text.substr(comment, text.find('\n', comment) - comment),
              "@kiln.loc softmax_rows.mlir:" + std::to_string(reduceLine) + ":" + std::to_string(reduceColumn));
  }
}

// Level 2 is the same text with the addresses (and their constants) left out.
TEST_P(PtoStructureTest, LevelTwoIsLevelThreeWithoutAddresses) {
  auto [stem, targetName] = GetParam();
  Emitted three = emitFile(example(stem), target(targetName), 3);
  Emitted two = emitFile(example(stem), target(targetName), 2);
  ASSERT_TRUE(three.source.ok && two.source.ok);
  EXPECT_EQ(two.source.text.find("addr ="), std::string::npos);
  EXPECT_NE(three.source.text.find("addr = %c"), std::string::npos);
  auto body = [](const std::string &text) {
    std::string out;
    std::istringstream lines(text.substr(text.find('\n') + 1));  // the banner names the level
    std::string line;
    static const std::regex address(R"( addr = %c\d+_i64)"), addressConstant(R"(^ *%c\d+_i64 = arith\.constant)");
    while (std::getline(lines, line))
      if (!std::regex_search(line, addressConstant)) out += std::regex_replace(line, address, "") + "\n";
    return out;
  };
  EXPECT_EQ(body(three.source.text), body(two.source.text));
  // And the same input gives the same bytes (the text is a cache input).
  EXPECT_EQ(emitFile(example(stem), target(targetName), 3).source.text, three.source.text);
}

INSTANTIATE_TEST_SUITE_P(Examples, PtoStructureTest,
                         ::testing::Combine(::testing::ValuesIn(kCleanExamples),
                                            ::testing::Values("ascend910b2", "ascend950")),
                         [](const auto &info) {
                           return kiln::test::testName(std::get<0>(info.param) + "_" + std::get<1>(info.param));
                         });

TEST(PtoKernels, CarryTheLaunchFacts) {
  Emitted softmax = emitFile(example("softmax_rows"), target("ascend910b2"), 3);
  ASSERT_TRUE(softmax.source.ok);
  ASSERT_EQ(softmax.source.kernels.size(), 1u);
  const lower::PtoKernel &k = softmax.source.kernels[0];
  EXPECT_EQ(k.name, "softmax_rows");
  EXPECT_EQ(k.core, CoreKind::kVector);
  EXPECT_EQ(k.block_dim, 32);
  EXPECT_EQ(k.params, (std::vector<std::string>{"arg0", "arg1"}));
  EXPECT_NE(softmax.source.text.find("func.func @softmax_rows(%arg0: !pto.ptr<f32>, %arg1: !pto.ptr<f32>) "
                                     "attributes {pto.kernel_kind = #pto.kernel_kind<vector>}"),
            std::string::npos);

  Emitted gemm = emitFile(example("gemm"), target("ascend950"), 2);
  ASSERT_TRUE(gemm.source.ok);
  EXPECT_EQ(gemm.source.kernels[0].core, CoreKind::kCube);
  EXPECT_EQ(gemm.source.kernels[0].block_dim, 16);
  EXPECT_NE(gemm.source.text.find("#pto.kernel_kind<cube>"), std::string::npos);
  // The zero the K loop starts from is the first trip's plain tmatmul.
  EXPECT_EQ(gemm.source.text.find("texpands"), std::string::npos);
  EXPECT_NE(gemm.source.text.find("--pto-arch=a5 --pto-level=level2"), std::string::npos);

  Emitted elementwise = emitFile(example("elementwise_ops"), target("ascend910b2"), 3);
  ASSERT_TRUE(elementwise.source.ok);
  EXPECT_EQ(elementwise.source.kernels[0].params.size(), 6u);
  EXPECT_NE(elementwise.source.text.find("%arg5: f32"), std::string::npos);
  EXPECT_NE(elementwise.source.text.find("!pto.ptr<i32>"), std::string::npos);
}

// Several kernels: one module, one func.func each, in source order; a
// kernel that cannot be emitted fails the whole emit, after every kernel
// has reported its own errors.
TEST(PtoKernels, OneModuleForSeveralKernels) {
  AscendTarget t = target("ascend950");
  std::string two = kiln::test::readFile(example("vec_add")) + kiln::test::readFile(example("softmax_rows"));
  Emitted e = emit("two.mlir", two, t, 3);
  ASSERT_TRUE(e.source.ok);
  ASSERT_EQ(e.source.kernels.size(), 2u);
  EXPECT_EQ(e.source.kernels[0].name, "vec_add");
  EXPECT_EQ(e.source.kernels[1].name, "softmax_rows");
  std::vector<std::string> ops = ptoOps(e.source.text);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "pto.get_block_idx"), 2);
  size_t modules = 0;
  for (size_t at = e.source.text.find("module {"); at != std::string::npos; at = e.source.text.find("module {", at + 1))
    ++modules;
  EXPECT_EQ(modules, 1u);
  oracle::PtoReadResult read = oracle::readPto(e.source.text, "two.pto");
  EXPECT_EQ(roundTripProblems(read, t.device), "");
  EXPECT_EQ(read.functions.size(), 2u);

  std::string mixed = two + kiln::test::readFile(example("mixed_precision_gemm"));
  // The mixed kernel is emitted as its two phases, reading back clean
  // beside the other kernels.
  Emitted phased = emit("mixed.mlir", mixed, t, 3);
  ASSERT_TRUE(phased.source.ok);
  oracle::PtoReadResult readPhased = oracle::readPto(phased.source.text, "mixed.pto");
  EXPECT_EQ(roundTripProblems(readPhased, t.device), "");
  EXPECT_EQ(readPhased.functions.size(), 4u);
}

}  // namespace
}  // namespace kiln::ascend::test
