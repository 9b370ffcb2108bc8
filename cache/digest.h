// Digest: a SHA-256, the name of everything in the cache.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kiln::cache {

struct Digest {
  std::array<std::uint8_t, 32> bytes{};

  // SHA-256 of `data`.
  static Digest of(std::string_view data);
  // Parses 64 lowercase or uppercase hex digits; nullopt otherwise.
  static std::optional<Digest> fromHex(std::string_view hex);
  // Takes exactly 32 raw bytes (as stored in SQLite); nullopt otherwise.
  static std::optional<Digest> fromRaw(const void *data, std::size_t size);

  std::string hex() const;
  std::string_view raw() const {
    return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
  }

  friend bool operator==(const Digest &, const Digest &) = default;
  friend auto operator<=>(const Digest &, const Digest &) = default;
};

struct DigestHash {
  std::size_t operator()(const Digest &d) const noexcept {
    // SHA-256 output is uniform, so any 8 bytes make a good hash.
    std::size_t h;
    std::memcpy(&h, d.bytes.data(), sizeof h);
    return h;
  }
};

}  // namespace kiln::cache
