#include "cache/digest.h"

// OpenSSL 3's one-shot SHA256() goes through EVP: the first call loads
// openssl.cnf and the default provider, ~1.6 ms here, which is a third of a
// thin-client cache hit (that client checks every artifact's digest). The
// low-level functions hash the same bytes with no provider fetch (~0.1 ms
// for the first call); they are deprecated in 3.0, not removed.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace kiln::cache {

Digest Digest::of(std::string_view data) {
  Digest d;
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, data.data(), data.size());
  SHA256_Final(d.bytes.data(), &context);
  return d;
}

static int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Digest> Digest::fromHex(std::string_view hex) {
  Digest d;
  if (hex.size() != 2 * d.bytes.size()) return std::nullopt;
  for (std::size_t i = 0; i < d.bytes.size(); ++i) {
    int hi = hexValue(hex[2 * i]), lo = hexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return d;
}

std::optional<Digest> Digest::fromRaw(const void *data, std::size_t size) {
  Digest d;
  if (data == nullptr || size != d.bytes.size()) return std::nullopt;
  std::memcpy(d.bytes.data(), data, size);
  return d;
}

std::string Digest::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * bytes.size(), '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace kiln::cache
