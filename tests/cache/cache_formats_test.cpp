// The cache's value formats: digests, blob encoding, the action key encoding
// and manifests.
#include <gtest/gtest.h>

#include <set>

#include "cache/action_key.h"
#include "cache/blob_codec.h"
#include "cache/digest.h"
#include "cache/manifest.h"
#include "tests/cache/cache_test_support.h"

namespace kiln::cache {
namespace {

TEST(Digest, MatchesTheKnownSha256OfAbc) {
  EXPECT_EQ(Digest::of("abc").hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Digest, HexRoundTripsAndRejectsMalformedText) {
  Digest d = Digest::of("kiln");
  ASSERT_TRUE(Digest::fromHex(d.hex()));
  EXPECT_EQ(*Digest::fromHex(d.hex()), d);
  EXPECT_FALSE(Digest::fromHex("abc"));
  EXPECT_FALSE(Digest::fromHex(std::string(64, 'g')));
  EXPECT_FALSE(Digest::fromRaw("short", 5));
}

TEST(BlobCodec, CompressesExampleKernelsAndDecodesThemExactly) {
  for (const std::string &text : test::exampleTexts()) {
    EncodedBlob encoded = encodeBlob(text, 3);
    EXPECT_EQ(encoded.codec, BlobCodec::kZstd) << "MLIR text is compressible";
    EXPECT_LT(encoded.stored.size(), text.size());
    std::optional<std::string> decoded =
        decodeBlob(static_cast<std::int64_t>(encoded.codec), encoded.stored,
                   static_cast<std::int64_t>(text.size()));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, text);
  }
}

TEST(BlobCodec, KeepsIncompressibleBytesRaw) {
  std::string noise = test::bytesFor(1, 4096);
  EncodedBlob encoded = encodeBlob(noise, 3);
  EXPECT_EQ(encoded.codec, BlobCodec::kRaw);
  EXPECT_TRUE(encoded.stored.empty());
}

TEST(BlobCodec, RejectsDamagedRowsInsteadOfDecodingThem) {
  std::string text = test::exampleTexts().front();
  EncodedBlob encoded = encodeBlob(text, 3);
  auto size = static_cast<std::int64_t>(text.size());
  EXPECT_FALSE(decodeBlob(1, encoded.stored, size + 1)) << "size differs from the frame";
  std::string flipped = encoded.stored;
  flipped[flipped.size() / 2] ^= 0x5a;
  std::optional<std::string> out = decodeBlob(1, flipped, size);
  EXPECT_TRUE(!out || *out != text);
  EXPECT_FALSE(decodeBlob(1, "not a zstd frame", size));
  EXPECT_FALSE(decodeBlob(7, text, size)) << "unknown codec";
  EXPECT_FALSE(decodeBlob(0, text, size - 1)) << "raw size mismatch";
  // A frame claiming a huge size must not make the decoder allocate it.
  EXPECT_FALSE(decodeBlob(1, encoded.stored, 1LL << 40));
}

ActionKeyInput sampleInput() {
  ActionKeyInput in;
  in.ir_digest = "a3f1";
  in.target = "sm_90";
  in.emit = {"ptx", "cubin"};
  in.options = {{"path", "builtin"}, {"opt", "3"}};
  in.oracle_mode = "error";
  in.tools = {{"ptxas", "ptxas 13.0.88"}};
  in.lowering_version = "kiln-lower.1";
  return in;
}

TEST(ActionKey, EncodingIsTheDocumentedV1Text) {
  EXPECT_EQ(encodeActionKey(sampleInput()),
            "kiln.action.v1\n"
            "ir 4:a3f1\n"
            "target 5:sm_90\n"
            "emit 2\n5:cubin\n3:ptx\n"
            "options 2\n3:opt 1:3\n4:path 7:builtin\n"
            "oracle 5:error\n"
            "tools 1\n5:ptxas 13:ptxas 13.0.88\n"
            "lowering 12:kiln-lower.1\n");
}

TEST(ActionKey, IgnoresTheOrderAndRepetitionOfEmitKinds) {
  ActionKeyInput a = sampleInput(), b = sampleInput();
  b.emit = {"cubin", "ptx", "cubin"};
  EXPECT_EQ(actionKey(a), actionKey(b));
}

TEST(ActionKey, ChangesWithEveryField) {
  std::vector<ActionKeyInput> variants(8, sampleInput());
  variants[1].ir_digest = "a3f2";
  variants[2].target = "sm_80";
  variants[3].emit = {"ptx"};
  variants[4].options["opt"] = "2";
  variants[5].oracle_mode = "warn";
  variants[6].tools["ptxas"] = "ptxas 12.4";
  variants[7].lowering_version = "kiln-lower.2";
  std::set<std::string> keys;
  for (const ActionKeyInput &v : variants) keys.insert(actionKey(v).hex());
  EXPECT_EQ(keys.size(), variants.size());
}

TEST(ActionKey, LengthPrefixesKeepShiftedStringsApart) {
  ActionKeyInput a = sampleInput(), b = sampleInput();
  a.options = {{"ab", "c"}};
  b.options = {{"a", "bc"}};
  EXPECT_NE(actionKey(a), actionKey(b));
  a.emit = {"ab"};
  b.emit = {"a", "b"};
  EXPECT_NE(actionKey(a), actionKey(b));
}

TEST(Manifest, RoundTripsBlobsAndAnOpaqueRecord) {
  Manifest m = test::manifestFor("gemm.ptx", test::exampleTexts().front());
  m.blobs.push_back({Digest::of("x"), 1});
  m.blobs.push_back(m.blobs.front());  // two artifacts may be the same bytes
  std::optional<Manifest> back = parseManifest(serializeManifest(m));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, m);
  EXPECT_EQ(back->record, m.record) << "binary bytes kept as they are";
}

TEST(Manifest, EncodingIsTheDocumentedV3Layout) {
  Manifest m;
  m.blobs.push_back({Digest::of("abc"), 300});
  m.record = "rec";
  std::string expected = std::string("KMF\x03", 4) + '\x01' + std::string(Digest::of("abc").raw()) +
                         "\xac\x02" +  // 300 as a varint
                         "\x03rec";
  EXPECT_EQ(serializeManifest(m), expected);
}

TEST(Manifest, OlderVersionsAreOutdatedNotDamaged) {
  std::string v1 = std::string("KMF\x01", 4) + '\x01' + '\0';
  std::string v2 = std::string("KMF\x02", 4) + '\x01' + '\0';
  EXPECT_FALSE(parseManifest(v1));
  EXPECT_FALSE(parseManifest(v2));
  EXPECT_TRUE(isOutdatedManifest(v1));
  EXPECT_TRUE(isOutdatedManifest(v2));
  EXPECT_FALSE(isOutdatedManifest(serializeManifest(test::manifestFor("a", "b"))));
  EXPECT_FALSE(isOutdatedManifest("KMF"));
  EXPECT_FALSE(isOutdatedManifest("garbage"));
}

TEST(Manifest, RejectsEveryTruncationAndTrailingBytes) {
  Manifest m = test::manifestFor("a.ptx", test::exampleTexts().front());
  std::string good = serializeManifest(m);
  ASSERT_TRUE(parseManifest(good));
  for (std::size_t n = 0; n < good.size(); ++n)
    EXPECT_FALSE(parseManifest(std::string_view(good).substr(0, n))) << "prefix of " << n;
  EXPECT_FALSE(parseManifest(good + '\0'));
}

TEST(Manifest, RejectsForeignOrDamagedBytesWithoutHugeAllocations) {
  std::string good = serializeManifest(test::manifestFor("a.ptx", "bytes"));
  EXPECT_FALSE(parseManifest("{\"format\":\"kiln.manifest.v1\"}"));
  std::string other_version = good;
  other_version[3] = '\x04';
  EXPECT_FALSE(parseManifest(other_version));
  // A blob count of 2^62 must be refused, not reserved.
  std::string huge_count = good.substr(0, 4) + "\xff\xff\xff\xff\xff\xff\xff\xff\x3f" + good.substr(5);
  EXPECT_FALSE(parseManifest(huge_count));
  // A varint that never ends.
  EXPECT_FALSE(parseManifest(good.substr(0, 4) + std::string(20, '\xff')));
  // A negative size.
  Manifest negative = test::manifestFor("a", "b");
  negative.blobs[0].size = -1;
  EXPECT_FALSE(parseManifest(serializeManifest(negative)));
}

}  // namespace
}  // namespace kiln::cache
