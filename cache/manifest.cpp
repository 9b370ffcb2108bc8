#include "cache/manifest.h"

#include <bit>
#include <cstring>

namespace kiln::cache {
namespace {

constexpr std::string_view kMagicV1{"KMF\x01", 4};
constexpr std::string_view kMagic{"KMF\x02", 4};

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
  void f64(double v) {
    std::uint64_t bits = std::bit_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) out_ += static_cast<char>(bits >> (8 * i));
  }
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
  int i32() {
    std::int64_t v = i64();
    if (v < INT32_MIN || v > INT32_MAX) ok_ = false;
    return static_cast<int>(v);
  }
  std::string_view raw(std::size_t n) {
    if (!need(n)) return {};
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string str() { return std::string(raw(u64())); }
  double f64() {
    std::string_view b = raw(8);
    if (b.size() != 8) return 0;
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(b[i])) << (8 * i);
    return std::bit_cast<double>(bits);
  }
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
  w.u64(m.succeeded ? 1 : 0);
  w.u64(m.artifacts.size());
  for (const ManifestArtifact &a : m.artifacts) {
    w.str(a.name);
    w.str(a.kind);
    w.raw(a.digest.raw());
    w.i64(a.size);
  }
  auto diagnostic = [&w](const ManifestDiagnostic &d) {
    w.str(d.severity);
    w.str(d.file);
    w.i64(d.line);
    w.i64(d.column);
    w.str(d.message);
    w.str(d.tool);
  };
  w.u64(m.diagnostics.size());
  for (const ManifestDiagnostic &d : m.diagnostics) {
    diagnostic(d);
    w.u64(d.notes.size());
    for (const ManifestDiagnostic &note : d.notes) diagnostic(note);
  }
  w.str(m.launch_metadata);
  w.u64(m.timings.size());
  for (const ManifestTiming &t : m.timings) {
    w.str(t.stage);
    w.f64(t.milliseconds);
  }
  w.str(m.worker);
  w.str(m.oracle_verdict);
  w.str(m.located_source);
  return w.take();
}

std::optional<Manifest> parseManifest(std::string_view bytes) {
  Reader r(bytes);
  std::string_view magic = r.raw(kMagic.size());
  bool v2 = magic == kMagic;
  if (!v2 && magic != kMagicV1) return std::nullopt;
  Manifest m;
  std::uint64_t succeeded = r.u64();
  if (succeeded > 1) return std::nullopt;
  m.succeeded = succeeded == 1;
  for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
    ManifestArtifact a;
    a.name = r.str();
    a.kind = r.str();
    std::string_view digest = r.raw(32);
    if (digest.size() == 32) std::memcpy(a.digest.bytes.data(), digest.data(), 32);
    a.size = r.i64();
    if (a.size < 0) return std::nullopt;
    m.artifacts.push_back(std::move(a));
  }
  auto diagnostic = [&r] {
    ManifestDiagnostic d;
    d.severity = r.str();
    d.file = r.str();
    d.line = r.i32();
    d.column = r.i32();
    d.message = r.str();
    d.tool = r.str();
    return d;
  };
  for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
    ManifestDiagnostic d = diagnostic();
    if (v2)
      for (std::size_t k = r.count(); k > 0 && r.ok(); --k) d.notes.push_back(diagnostic());
    m.diagnostics.push_back(std::move(d));
  }
  m.launch_metadata = r.str();
  for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
    ManifestTiming t;
    t.stage = r.str();
    t.milliseconds = r.f64();
    m.timings.push_back(std::move(t));
  }
  m.worker = r.str();
  if (v2) {
    m.oracle_verdict = r.str();
    m.located_source = r.str();
  }
  if (!r.ok() || !r.atEnd()) return std::nullopt;
  return m;
}

}  // namespace kiln::cache
