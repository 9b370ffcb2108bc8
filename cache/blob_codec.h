// How blob bytes are stored: raw, or zstd when compression saves space.
// The codec number is persisted per row, so its values never change meaning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln::cache {

enum class BlobCodec : std::int64_t { kRaw = 0, kZstd = 1 };

struct EncodedBlob {
  BlobCodec codec = BlobCodec::kRaw;
  std::string stored;  // empty when codec is kRaw: store the input as is
};

// Compresses `bytes` at `level`; keeps them raw (codec kRaw, `stored` empty)
// unless zstd saves at least 1/16 of the size, so incompressible artifacts
// cost no decompression on the hit path.
EncodedBlob encodeBlob(std::string_view bytes, int level);

// Decodes a stored row. nullopt when the codec is unknown or the bytes do not
// decode to exactly `size` bytes; callers treat that as corruption.
std::optional<std::string> decodeBlob(std::int64_t codec, std::string_view stored,
                                      std::int64_t size);

}  // namespace kiln::cache
