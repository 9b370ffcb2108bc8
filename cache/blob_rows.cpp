#include "cache/blob_rows.h"

namespace kiln::cache {

Expected<BlobRead> readBlobRow(Connection &connection, const Digest &digest) {
  static constexpr const char *kSql = "SELECT id, codec, size, data FROM blobs WHERE digest = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, digest.raw());
  Expected<bool> row = stmt->step();
  if (!row) return row.error();
  if (!*row) return BlobRead{};
  return verifyBlobRow(digest, stmt->columnInt(0), stmt->columnInt(1), stmt->columnBlob(3),
                       stmt->columnInt(2));
}

BlobRead verifyBlobRow(const Digest &digest, std::int64_t id, std::int64_t codec,
                       std::string_view stored, std::int64_t size) {
  BlobRead read;
  read.id = id;
  std::optional<std::string> bytes = decodeBlob(codec, stored, size);
  if (!bytes || Digest::of(*bytes) != digest) {
    read.outcome = BlobRead::Outcome::kCorrupt;
    return read;
  }
  read.outcome = BlobRead::Outcome::kHit;
  read.bytes = std::move(*bytes);
  return read;
}

Expected<std::optional<std::int64_t>> findBlobRow(Connection &connection, const Digest &digest) {
  static constexpr const char *kSql = "SELECT id FROM blobs WHERE digest = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, digest.raw());
  Expected<bool> row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(stmt->columnInt(0));
}

Expected<std::int64_t> insertBlobRow(Connection &connection, const Digest &digest,
                                     std::string_view bytes, const EncodedBlob &encoded,
                                     std::int64_t now_ms) {
  Expected<std::optional<std::int64_t>> existing = findBlobRow(connection, digest);
  if (!existing) return existing.error();
  if (*existing) return **existing;
  static constexpr const char *kSql =
      "INSERT INTO blobs(digest, codec, size, stored_size, data, created_ms, accessed_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id";
  std::string_view stored = encoded.codec == BlobCodec::kRaw ? bytes : encoded.stored;
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, digest.raw())
      .bind(2, static_cast<std::int64_t>(encoded.codec))
      .bind(3, static_cast<std::int64_t>(bytes.size()))
      .bind(4, static_cast<std::int64_t>(stored.size()))
      .bindBlob(5, stored)
      .bind(6, now_ms);
  Expected<bool> row = stmt->step();
  if (!row) return row.error();
  std::int64_t id = stmt->columnInt(0);
  if (Status s = stmt->run(); !s) return s.error();
  return id;
}

Expected<std::optional<BlobInfo>> statBlobRow(Connection &connection, const Digest &digest) {
  static constexpr const char *kSql =
      "SELECT size, stored_size, codec, created_ms, accessed_ms FROM blobs WHERE digest = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, digest.raw());
  Expected<bool> row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<BlobInfo>();
  BlobInfo info;
  info.size = stmt->columnInt(0);
  info.stored_size = stmt->columnInt(1);
  info.codec = static_cast<BlobCodec>(stmt->columnInt(2));
  info.created_ms = stmt->columnInt(3);
  info.accessed_ms = stmt->columnInt(4);
  return std::optional<BlobInfo>(info);
}

Status deleteBlobRow(Connection &connection, std::int64_t id) {
  static constexpr const char *kSql = "DELETE FROM blobs WHERE id = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  return stmt->bind(1, id).run();
}

}  // namespace kiln::cache
