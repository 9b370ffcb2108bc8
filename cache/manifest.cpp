#include "cache/manifest.h"

#include <cstring>

namespace kiln::cache {
namespace {

constexpr std::string_view kMagicV1{"KMF\x01", 4};
constexpr std::string_view kMagicV2{"KMF\x02", 4};
constexpr std::string_view kMagic{"KMF\x03", 4};

class Writer {
 public:
  void u64(std::uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    out_ += s;
  }
  void raw(std::string_view s) { out_ += s; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Every read checks bounds; after the first failure all reads fail, so the
// caller checks ok() once at the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool atEnd() const { return pos_ == in_.size(); }

  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!need(1)) return 0;
      auto byte = static_cast<std::uint8_t>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    ok_ = false;
    return 0;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::string_view raw(std::size_t n) {
    if (!need(n)) return {};
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string str() { return std::string(raw(u64())); }
  // A count of items that each take at least one byte: larger than what is
  // left means damage, and must not become a huge reserve().
  std::size_t count() {
    std::uint64_t n = u64();
    if (n > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::size_t>(n);
  }

 private:
  bool need(std::uint64_t n) {
    if (ok_ && n <= in_.size() - pos_) return true;
    ok_ = false;
    return false;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string serializeManifest(const Manifest &m) {
  Writer w;
  w.raw(kMagic);
  w.u64(m.blobs.size());
  for (const ManifestBlob &b : m.blobs) {
    w.raw(b.digest.raw());
    w.i64(b.size);
  }
  w.str(m.record);
  return w.take();
}

std::optional<Manifest> parseManifest(std::string_view bytes) {
  Reader r(bytes);
  if (r.raw(kMagic.size()) != kMagic) return std::nullopt;
  Manifest m;
  for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
    ManifestBlob b;
    std::string_view digest = r.raw(32);
    if (digest.size() == 32) std::memcpy(b.digest.bytes.data(), digest.data(), 32);
    b.size = r.i64();
    if (b.size < 0) return std::nullopt;
    m.blobs.push_back(b);
  }
  m.record = r.str();
  if (!r.ok() || !r.atEnd()) return std::nullopt;
  return m;
}

bool isOutdatedManifest(std::string_view bytes) {
  return bytes.substr(0, kMagicV1.size()) == kMagicV1 || bytes.substr(0, kMagicV2.size()) == kMagicV2;
}

}  // namespace kiln::cache
