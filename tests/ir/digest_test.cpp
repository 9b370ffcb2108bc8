// The canonical digest contract (worker/ir/canonical_digest.h): invariant
// under comments, whitespace, SSA names and attribute order; sensitive to
// every change of meaning; equal to SHA-256("kiln.ir.v1\n" + generic form).
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "tests/support/test_files.h"
#include "worker/pipeline/frontend.h"

namespace kiln {
namespace {

std::string digestOf(const std::string &text) {
  DigestResult result = digestSource({"input.mlir", text});
  EXPECT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : formatHeadline(result.diagnostics[0]));
  return result.digest;
}

std::string sha256(const std::string &bytes) {
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_Digest(bytes.data(), bytes.size(), hash, &length, EVP_sha256(), nullptr);
  char hex[3];
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    snprintf(hex, sizeof hex, "%02x", hash[i]);
    out += hex;
  }
  return out;
}

// Rewrites that keep the meaning.
std::string stripComments(const std::string &text) {
  return std::regex_replace(text, std::regex("//[^\n]*"), "");
}
std::string respace(const std::string &text) {
  std::string out = std::regex_replace(text, std::regex(", "), " ,   ");
  out = std::regex_replace(out, std::regex("\n"), "\n\n\t  ");
  return "// a leading comment\n\n" + out + "\n// a trailing comment\n";
}
std::string renameValues(const std::string &text) {
  return std::regex_replace(text, std::regex("%([A-Za-z_][A-Za-z0-9_]*)"), "%renamed_$1_x");
}
std::string swapKernelAttributes(const std::string &text) {
  return std::regex_replace(text, std::regex(R"(\{tile\.kernel, (tile\.grid = array<i64: [0-9, ]+>)\})"),
                            "{$1, tile.kernel}");
}

class DigestInvarianceTest : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(DigestInvarianceTest, IgnoresCommentsWhitespaceNamesAndAttributeOrder) {
  std::string text = test::readFile(GetParam());
  std::string base = digestOf(text);
  ASSERT_EQ(base.size(), 64u);
  EXPECT_EQ(base.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(digestOf(stripComments(text)), base);
  EXPECT_EQ(digestOf(respace(text)), base);
  EXPECT_EQ(digestOf(renameValues(text)), base);
  std::string swapped = swapKernelAttributes(text);
  ASSERT_NE(swapped, text) << "the example should spell {tile.kernel, tile.grid = ...}";
  EXPECT_EQ(digestOf(swapped), base);
}

TEST_P(DigestInvarianceTest, MatchesTheDocumentedFormula) {
  SourceFile source{GetParam().string(), test::readFile(GetParam())};
  PrintResult generic = printSource(source, PrintForm::kGeneric);
  ASSERT_TRUE(generic.ok());
  EXPECT_EQ(generic.text.find("loc("), std::string::npos) << "locations must not be hashed";
  EXPECT_EQ(digestSource(source).digest, sha256(std::string(irDigestVersion()) + "\n" + generic.text));
}

INSTANTIATE_TEST_SUITE_P(Examples, DigestInvarianceTest, ::testing::ValuesIn(test::allExamples()),
                         [](const auto &info) { return test::testName(info.param.stem().string()); });

TEST(DigestSensitivity, EveryChangeOfMeaningChangesTheDigest) {
  const std::string base = R"(
func.func @k(%x: memref<1024x128xf32>, %y: memref<1024x128xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 32>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%i, %c0] : memref<1024x128xf32> -> !tile.tile<32x128xf32>
  %m = tile.reduce_max %t {axis = 1} : !tile.tile<32x128xf32> -> !tile.tile<32x1xf32>
  %mb = tile.broadcast %m : !tile.tile<32x1xf32> -> !tile.tile<32x128xf32>
  %d = tile.sub %t, %mb : !tile.tile<32x128xf32>
  %e = tile.exp %d : !tile.tile<32x128xf32>
  %h = tile.constant 0.5 : !tile.tile<32x128xf32>
  %r = tile.mul %e, %h : !tile.tile<32x128xf32>
  tile.store %r, %y[%i, %c0] : !tile.tile<32x128xf32>, memref<1024x128xf32>
  return
}
)";
  auto mutate = [&](const std::string &from, const std::string &to) {
    std::string text = base;
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  const std::vector<std::string> variants = {
      base,
      mutate("array<i64: 32>", "array<i64: 16>"),
      mutate("array<i64: 32>", "array<i64: 32, 1>"),
      mutate("@k(", "@k2("),
      mutate("tile.sub %t, %mb", "tile.sub %mb, %t"),
      mutate("tile.exp %d", "tile.log %d"),
      mutate("tile.constant 0.5", "tile.constant 0.25"),
      mutate("tile.reduce_max", "tile.reduce_sum"),
      mutate("%x[%i, %c0]", "%y[%i, %c0]"),
      mutate("%y[%i, %c0] : !tile", "%x[%i, %c0] : !tile"),
      mutate("%c0 = arith.constant 0 : index", "%c0 = arith.constant 1 : index"),
      mutate("tile.mul %e, %h", "tile.add %e, %h"),
  };
  std::set<std::string> digests;
  for (const std::string &text : variants) digests.insert(digestOf(text));
  EXPECT_EQ(digests.size(), variants.size());
}

TEST(DigestSensitivity, ExamplesHaveDistinctDigests) {
  std::set<std::string> digests;
  auto examples = test::allExamples();
  for (const auto &file : examples) digests.insert(digestOf(test::readFile(file)));
  EXPECT_EQ(digests.size(), examples.size());
}

TEST(DigestStability, SharedVecAddKeepsItsPublishedDigest) {
  // Cached artifacts are keyed by this value. If MLIR's printer or kiln's
  // dialect changes the generic form of an unchanged program, this fails:
  // bump kIRDigestVersion (invalidating caches) and update the value here.
  std::string text = test::readFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "vec_add.mlir");
  EXPECT_EQ(digestOf(text), "04d498854c50ac2a25cb36c25829fb55dd93b22a45d31145e5575c80d2509478");
}

}  // namespace
}  // namespace kiln
