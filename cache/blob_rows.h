// Rows of the `blobs` table: the SQL for storing, reading and dropping one
// blob. Callers own transactions; these functions never begin one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cache/blob_codec.h"
#include "cache/digest.h"
#include "cache/sqlite_connection.h"

namespace kiln::cache {

struct BlobInfo {
  std::int64_t size = 0;         // uncompressed bytes
  std::int64_t stored_size = 0;  // bytes on disk
  BlobCodec codec = BlobCodec::kRaw;
  std::int64_t created_ms = 0;
  std::int64_t accessed_ms = 0;
};

struct BlobRead {
  enum class Outcome { kHit, kMissing, kCorrupt } outcome = Outcome::kMissing;
  std::int64_t id = 0;
  std::string bytes;  // set on kHit only
};

// Decodes a stored row and checks it hashes to `digest`.
BlobRead verifyBlobRow(const Digest &digest, std::int64_t id, std::int64_t codec,
                       std::string_view stored, std::int64_t size);

// Reads and verifies one blob: kCorrupt when the row does not decode or its
// bytes do not hash to `digest`. Corrupt bytes are never returned.
Expected<BlobRead> readBlobRow(Connection &connection, const Digest &digest);

// Stores a blob (already encoded outside any transaction) unless a row with
// that digest exists. Returns the row id either way.
Expected<std::int64_t> insertBlobRow(Connection &connection, const Digest &digest,
                                     std::string_view bytes, const EncodedBlob &encoded,
                                     std::int64_t now_ms);

// The row id of `digest`, or nullopt when it is not stored.
Expected<std::optional<std::int64_t>> findBlobRow(Connection &connection, const Digest &digest);

Expected<std::optional<BlobInfo>> statBlobRow(Connection &connection, const Digest &digest);

// Deletes a blob; the schema's trigger deletes every action naming it.
Status deleteBlobRow(Connection &connection, std::int64_t id);

}  // namespace kiln::cache
