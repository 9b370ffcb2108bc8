// Hostile AscendC sources: binary junk, inputs past the size limit, macro
// and nesting blow-ups, truncated constructs at the end of the file, and
// random bytes. Each gives a located error or nothing, never a crash or a
// hang, and the work stays linear in the input's size.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "worker/backends/ascend/validate/ascendc_validation.h"

namespace kiln::ascend {
namespace {

const AscendTarget &target910b() {
  static const AscendTarget t = [] {
    std::string error;
    return *findAscendTarget("ascend910b2", "", error);
  }();
  return t;
}

AscendCValidation run(const std::string &text, const AscendCValidationConfig &config = {}) {
  return validateAscendC({"hostile.cpp", text}, target910b(), config);
}

const std::string kKernel = "extern \"C\" __global__ __aicore__ void k(GM_ADDR x) {}\n";

TEST(HostileAscendC, NulBytesAreALocatedErrorAboutBinaryData) {
  std::string text = kKernel + "int a;\nint b = 1;\0\0\0 junk";
  text[kKernel.size() + 12] = '\0';
  AscendCValidation r = run(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].line, 3u);
  EXPECT_EQ(r.diagnostics[0].column, 6u);
  EXPECT_NE(r.diagnostics[0].message.find("[ascendc.input] a NUL byte"), std::string::npos);
}

TEST(HostileAscendC, InvalidUtf8IsALocatedError) {
  for (std::string bad : {"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf"}) {
    AscendCValidation r = run(kKernel + "// " + bad + "\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.diagnostics[0].line, 2u);
    EXPECT_EQ(r.diagnostics[0].column, 4u);
    EXPECT_NE(r.diagnostics[0].message.find("invalid UTF-8"), std::string::npos);
  }
  EXPECT_TRUE(run(kKernel + "// 中文注释 ok ✓\n").ok());
}

TEST(HostileAscendC, AnInputPastTheLimitIsRefusedUnread) {
  AscendCValidationConfig config;
  config.max_source_bytes = 64;
  AscendCValidation r = run(kKernel + std::string(100, ' '), config);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.diagnostics[0].message.find("over the limit of 64 bytes"), std::string::npos);
}

TEST(HostileAscendC, TruncatedConstructsAtTheEndOfTheFileAreErrorsNotCrashes) {
  for (std::string tail : {"\"", "'", "R\"", "R\"abc(", "/*", "#include <", "#include \"x", "\\", "#if", "#if (",
                           "#define", "#include", "u8R\"(", "#if defined(", "#if __has_include(", "x = (", "{", "}",
                           "extern \"C\" __global__", "pipe.InitBuffer(", "DataCopy(", "TQue<", "a.EnQue("}) {
    AscendCValidation r = run(kKernel + tail);
    for (const Diagnostic &d : r.diagnostics) EXPECT_EQ(d.message.rfind("[ascendc.", 0), 0u) << tail << ": " << d.message;
  }
}

TEST(HostileAscendC, MacroChainsThatDoubleAtEachStepEndInCannotTell) {
  // A60 would expand to 2^60 tokens; kiln never expands, and evaluating it is budgeted.
  std::string text = "#define A0 1\n";
  for (int i = 1; i <= 60; ++i)
    text += "#define A" + std::to_string(i) + " (A" + std::to_string(i - 1) + " + A" + std::to_string(i - 1) + ")\n";
  text += "#if A60 > 0\n" + kKernel + "#endif\n";
  text += "class K { __aicore__ inline void Init() { pipe.InitBuffer(q, 1, A60); } TPipe pipe; TQue<TPosition::VECIN, 1> q; };\n";
  auto start = std::chrono::steady_clock::now();
  AscendCValidation r = run(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // A20 = 2^20 fits; A60 > 0 is true, but only a budget-limited evaluation can say so.
  for (const Diagnostic &d : r.diagnostics) EXPECT_NE(d.severity, Severity::kError) << d.message;
}

TEST(HostileAscendC, DeepNestingIsBounded) {
  std::string parens = "#if " + std::string(200000, '(') + "1" + std::string(200000, ')') + "\n#endif\n";
  EXPECT_TRUE(run(kKernel + parens).ok());
  std::string ifs;
  for (int i = 0; i < 50000; ++i) ifs += "#ifdef X" + std::to_string(i) + "\n";
  for (int i = 0; i < 50000; ++i) ifs += "#endif\n";
  EXPECT_TRUE(run(kKernel + ifs).ok());
  std::string braces = "void f() " + std::string(200000, '{') + std::string(200000, '}') + "\n";
  EXPECT_TRUE(run(kKernel + braces).ok());
  std::string expr = "constexpr int N = " + std::string(100000, '-') + "1;\nclass K { void I() { pipe.InitBuffer(q, 1, N); } TPipe pipe; TBuf<TPosition::VECCALC> q; };\n";
  EXPECT_TRUE(run(kKernel + expr).ok());
}

TEST(HostileAscendC, EightMegabytesOfKernelCodeStayLinear) {
  std::string unit =
      "__aicore__ inline void CopyIn(int32_t i) {\n"
      "  LocalTensor<half> x = inQ.AllocTensor<half>();\n"
      "  DataCopy(x, xGm[i * 256], 256);\n"
      "  inQ.EnQue(x);\n"
      "  x = inQ.DeQue<half>();\n"
      "  inQ.FreeTensor(x);\n"
      "}\n";
  std::string text = kKernel + "TQue<QuePosition::VECIN, 1> inQ; GlobalTensor<half> xGm;\n";
  while (text.size() + unit.size() < (8u << 20) - 64) text += unit;
  auto start = std::chrono::steady_clock::now();
  AscendCValidation r = run(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_TRUE(r.ok());
}

// A bound that catches a quadratic scan (minutes) without timing a fast
// one: instrumented builds run this allocation-heavy code ~20x slower.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr auto kLinearBound = std::chrono::seconds(60);
#else
constexpr auto kLinearBound = std::chrono::seconds(5);
#endif

TEST(HostileAscendC, RepetitionsThatWouldBeQuadraticStayFast) {
  auto repeat = [](const std::string &unit, size_t n) {
    std::string out;
    out.reserve(unit.size() * n);
    for (size_t i = 0; i < n; ++i) out += unit;
    return out;
  };
  const std::vector<std::string> inputs = {
      repeat("GlobalTensor<", 200000),
      repeat("const ", 200000) + "x = 1;",
      "int a = 0 " + repeat("{} ", 200000) + ";",
      "#if 0\n" + repeat("__global__ f(", 100000) + "\n#endif\n",
      "void f() { TQue<QuePosition::VECIN, 1> q; GlobalTensor<float> g; LocalTensor<float> t = q.AllocTensor<float>();\n" +
          repeat("DataCopy(t, g, 8);\n", 200000) + "}\n",
      "class K { TPipe pipe; TBuf<TPosition::VECCALC> b; void Init() {\n" + repeat("pipe.InitBuffer(b, 32);\n", 200000) + "} };\n",
      repeat("static_cast<", 100000) + "int>(1)",
      "void f() {" + repeat("x.EnQue(", 100000) + repeat(")", 100000) + ";}",
  };
  for (const std::string &text : inputs) {
    auto start = std::chrono::steady_clock::now();
    AscendCValidation r = run(kKernel + text);
    EXPECT_LT(std::chrono::steady_clock::now() - start, kLinearBound) << text.substr(0, 40);
  }
}

TEST(HostileAscendC, ManyFindingsAreCappedButTheVerdictStays) {
  std::string text = kKernel + "TQue<QuePosition::VECIN, 1> q; GlobalTensor<float> g;\nvoid f() { LocalTensor<float> t = q.AllocTensor<float>();\n";
  for (int i = 0; i < 2000; ++i) text += "DataCopy(t, g, 3);\n";
  text += "q.EnQue(t); }\n";
  AscendCValidationConfig config;
  config.max_diagnostics = 10;
  AscendCValidation r = run(text, config);
  EXPECT_FALSE(r.ok());
  EXPECT_LE(r.diagnostics.size(), 12u);
  EXPECT_NE(r.diagnostics.back().message.find("more diagnostics not shown"), std::string::npos);
}

TEST(HostileAscendC, RandomBytesNeverCrash) {
  std::mt19937 rng(42);
  const std::string alphabet = "#<>(){}[];:,.\"'\\/*\n R\tiefndluc_0123456789=+-!&|?xDataCopyInitBufferTQue__global__extern";
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    size_t n = rng() % 400;
    for (size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    AscendCValidation r = run(text);
    for (const Diagnostic &d : r.diagnostics) ASSERT_EQ(d.message.rfind("[ascendc.", 0), 0u) << d.message;
  }
}

}  // namespace
}  // namespace kiln::ascend
