// Hostile input through the front-end API: each case must end in a clear,
// located error, never a crash or a hang.
#include <gtest/gtest.h>

#include <random>

#include "tests/support/test_files.h"
#include "worker/pipeline/frontend.h"

namespace kiln {
namespace {

Diagnostic onlyError(const std::string &text, const std::string &name = "hostile.mlir") {
  VerifyResult result = verifySource({name, text});
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.diagnostics.empty());
  if (result.diagnostics.empty()) return {};
  EXPECT_EQ(result.diagnostics.front().severity, Severity::kError);
  EXPECT_EQ(result.diagnostics.front().file, name);
  return result.diagnostics.front();
}

TEST(HostileInput, EmptyFile) {
  Diagnostic d = onlyError("");
  EXPECT_EQ(formatHeadline(d),
            "hostile.mlir:1:1: error: input is empty; expected a module with at least one tile.kernel function");
}

TEST(HostileInput, WhitespaceOnly) {
  EXPECT_NE(onlyError(" \n\t\n").message.find("input is empty"), std::string::npos);
}

TEST(HostileInput, CommentsOnlyHaveNoKernel) {
  Diagnostic d = onlyError("// nothing here\n");
  EXPECT_NE(d.message.find("no function marked tile.kernel"), std::string::npos);
}

TEST(HostileInput, BinaryGarbageWithNul) {
  std::mt19937 rng(42);
  std::string junk(4096, '\0');
  for (char &c : junk) c = static_cast<char>(rng());
  junk[100] = '\0';
  Diagnostic d = onlyError(junk);
  EXPECT_GT(d.line, 0u);
  EXPECT_FALSE(d.message.empty());
}

TEST(HostileInput, HighBytesWithoutNulAreAParseError) {
  std::string junk;
  for (int i = 0; i < 2000; ++i) junk += static_cast<char>(0x80 + i % 0x7f);
  Diagnostic d = onlyError(junk);
  EXPECT_EQ(d.line, 1u);
  EXPECT_EQ(d.column, 1u);
}

TEST(HostileInput, NulByteIsNamedAndLocated) {
  std::string text = std::string("// ok\nfunc.func @k() {\n  re") + '\0' + "turn\n}\n";
  Diagnostic e = onlyError(text, "nul.mlir");
  EXPECT_EQ(formatHeadline(e), "nul.mlir:3:5: error: input contains a NUL byte; Tile IR is text");
}

TEST(HostileInput, TruncatedModule) {
  std::string gemm = test::readFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "gemm.mlir");
  std::string truncated = gemm.substr(0, gemm.size() / 2);
  Diagnostic d = onlyError(truncated);
  EXPECT_GT(d.line, 1u);
  EXPECT_GT(d.column, 0u);
}

TEST(HostileInput, TenMegabytesOfJunk) {
  std::string junk;
  junk.reserve(10u << 20);
  while (junk.size() < (10u << 20)) junk += "%x = ) ] junk.op !bad<<< 0x1234 ";
  Diagnostic d = onlyError(junk);
  EXPECT_EQ(d.line, 1u);
}

TEST(HostileInput, OversizedInputIsRefusedBeforeParsing) {
  FrontendConfig config;
  config.limits.max_bytes = 1024;
  VerifyResult result = verifySource({"big.mlir", std::string(4096, ' ') + "x"}, config);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(formatHeadline(result.diagnostics[0]),
            "big.mlir: error: input is 4097 bytes, over the limit of 1024 bytes");
}

std::string nestedRegions(int depth) {
  std::string text = "func.func @k(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {\n";
  for (int i = 0; i < depth; ++i) text += "scf.execute_region {\n";
  for (int i = 0; i < depth; ++i) text += "scf.yield\n}\n";
  return text + "return\n}\n";
}

TEST(HostileInput, DeeplyNestedRegionsAreRefused) {
  Diagnostic d = onlyError(nestedRegions(100000));
  EXPECT_NE(d.message.find("nesting is deeper than"), std::string::npos);
  EXPECT_GT(d.line, 100u);
}

TEST(HostileInput, DeeplyNestedTypesAreRefused) {
  std::string type;
  for (int i = 0; i < 50000; ++i) type += "tuple<";
  Diagnostic d = onlyError("func.func private @f(" + type + ")\n");
  EXPECT_NE(d.message.find("nesting is deeper than"), std::string::npos);
}

TEST(HostileInput, ModeratelyNestedRegionsStillParse) {
  // Below the limit the parser runs; scf.execute_region is valid here.
  VerifyResult result = verifySource({"nested.mlir", nestedRegions(40)});
  EXPECT_TRUE(result.ok()) << formatHeadline(result.diagnostics.at(0));
}

TEST(HostileInput, ArrowsDoNotCountAsClosingBrackets) {
  // "->" must not be read as a closer, or nesting could be hidden behind it.
  std::string text = nestedRegions(0);
  for (int i = 0; i < 200; ++i) text += "// -> -> ->\n";
  EXPECT_TRUE(verifySource({"arrows.mlir", text}).ok());
}

// Issue #13, finding 2: the guard read the '>' of '>=' in an affine_set as
// a closing bracket, so 5,000 nested scf.if overflowed kilnd's stack in the
// canonical-key parse (digestSource, as kilnd calls it).
std::string nestedIfsWithAffineSets(int depth) {
  std::string text = "func.func @k(%c: i1) attributes {tile.kernel, tile.grid = array<i64: 1>} {\n";
  for (int i = 0; i < depth; ++i) text += "scf.if %c {\n";
  for (int i = 0; i < depth; ++i) text += "} {s = affine_set<(d0) : (d0 >= 0)>}\n";
  return text + "return\n}\n";
}

TEST(HostileInput, NestingBehindComparisonsIsRefusedWhereKilndDigests) {
  DigestResult digest = digestSource({"sets.mlir", nestedIfsWithAffineSets(5000)});
  ASSERT_FALSE(digest.ok());
  const Diagnostic &d = digest.diagnostics.at(0);
  EXPECT_EQ(d.file, "sets.mlir");
  EXPECT_GT(d.line, 1u);
  EXPECT_NE(d.message.find("nesting is deeper than"), std::string::npos) << formatHeadline(d);
}

TEST(HostileInput, AffineExpressionChainsAreRefusedBeforeTheParser) {
  // MLIR parses affine terms by recursion with no bracket to count.
  std::string chain = "#m = affine_map<(d0) -> (d0";
  for (int i = 0; i < 1000000; ++i) chain += " + d0";
  chain += ")>\n" + nestedRegions(0);
  Diagnostic d = onlyError(chain, "chain.mlir");
  EXPECT_EQ(formatHeadline(d),
            "chain.mlir:1:6: error: affine_map is not part of Tile IR; memrefs have static shapes and conditions "
            "are arith values [ir.input]");
  DigestResult digest = digestSource({"chain.mlir", chain});
  EXPECT_FALSE(digest.ok());
}

TEST(HostileInput, SymbolNamesThatAreNotIdentifiersAreLocated) {
  // Finding 1: these aborted kilnd in LLVM or reached the CUDA C source.
  for (std::string name : {"a/b/c", "../../etc/passwd", "..", "x-y"}) {
    std::string text = nestedRegions(0);
    text.replace(text.find("@k"), 2, "@\"" + name + "\"");
    Diagnostic d = onlyError(text, "names.mlir");
    EXPECT_EQ(d.line, 1u) << name;
    EXPECT_EQ(d.column, 1u) << name;
    EXPECT_NE(d.message.find("[ir.symbol-name]"), std::string::npos) << formatHeadline(d);
    EXPECT_FALSE(digestSource({"names.mlir", text}).ok()) << name;
  }
}

TEST(HostileInput, LocationsWrittenInTheSourceCannotPointOutsideIt) {
  // Found by the tile_ir fuzzer: MLIR honours loc("file":L:C), so an error
  // named line 9 of a 4-line file. Such a position is dropped and quoted.
  std::string text =
      "func.func @k() attributes {tile.kernel, tile.grid = array<i64: 1>} {\n"
      "  %i = tile.program_id 5 : index loc(\"fuzz.mlir\":9:1)\n"
      "  return\n}\n";
  VerifyResult result = verifySource({"fuzz.mlir", text});
  ASSERT_FALSE(result.ok());
  const Diagnostic &d = result.diagnostics.at(0);
  EXPECT_TRUE(d.file.empty()) << formatHeadline(d);
  EXPECT_EQ(d.line, 0u);
  EXPECT_NE(d.message.find("[at fuzz.mlir:9:1 by a loc() in the source, outside the file]"), std::string::npos)
      << d.message;
  for (const Diagnostic &note : d.notes) EXPECT_TRUE(note.file.empty()) << formatHeadline(note);
  // A position inside the file, or in another file (a producer's own
  // source, as Triton writes), is kept.
  text.replace(text.find("9:1"), 3, "2:3");
  EXPECT_EQ(verifySource({"fuzz.mlir", text}).diagnostics.at(0).line, 2u);
  text.replace(text.find("fuzz.mlir\":2:3"), 14, "kernel.py\":40:1");
  EXPECT_EQ(verifySource({"fuzz.mlir", text}).diagnostics.at(0).file, "kernel.py");
}

}  // namespace
}  // namespace kiln
