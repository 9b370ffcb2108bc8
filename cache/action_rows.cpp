#include "cache/action_rows.h"

namespace kiln::cache {

Expected<std::optional<ActionRow>> readActionRow(Connection &connection, const Digest &key) {
  static constexpr const char *kSql = "SELECT id, manifest FROM actions WHERE key = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, key.raw());
  Expected<bool> row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<ActionRow>();
  return std::optional<ActionRow>(ActionRow{stmt->columnInt(0), std::string(stmt->columnBlob(1))});
}

Expected<std::optional<ActionSnapshot>> readActionSnapshot(Connection &connection,
                                                           const Digest &key) {
  static constexpr const char *kSql =
      "SELECT a.id, a.manifest, b.id, b.digest, b.codec, b.size, b.data FROM actions a "
      "LEFT JOIN action_blobs l ON l.action_id = a.id LEFT JOIN blobs b ON b.id = l.blob_id "
      "WHERE a.key = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, key.raw());
  std::optional<ActionSnapshot> snapshot;
  while (true) {
    Expected<bool> row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    if (!snapshot) snapshot = ActionSnapshot{{stmt->columnInt(0), std::string(stmt->columnBlob(1))}, {}};
    if (stmt->columnIsNull(2)) continue;  // an action without artifacts
    std::string_view raw = stmt->columnBlob(3);
    std::optional<Digest> digest = Digest::fromRaw(raw.data(), raw.size());
    if (!digest) continue;  // unreadable digest: the artifact counts as missing
    snapshot->blobs.emplace_back(*digest, verifyBlobRow(*digest, stmt->columnInt(2),
                                                        stmt->columnInt(4), stmt->columnBlob(6),
                                                        stmt->columnInt(5)));
  }
  return snapshot;
}

Status writeActionRow(Connection &connection, const Digest &key, std::string_view manifest,
                      const std::vector<std::int64_t> &blob_ids, std::int64_t now_ms) {
  static constexpr const char *kDelete = "DELETE FROM actions WHERE key = ?1";
  static constexpr const char *kInsert =
      "INSERT INTO actions(key, manifest, created_ms, accessed_ms) VALUES (?1, ?2, ?3, ?3) "
      "RETURNING id";
  static constexpr const char *kLink =
      "INSERT OR IGNORE INTO action_blobs(blob_id, action_id) VALUES (?1, ?2)";
  {
    Expected<Statement> del = connection.statement(kDelete);
    if (!del) return del.error();
    if (Status s = del->bindBlob(1, key.raw()).run(); !s) return s;
  }
  std::int64_t action_id = 0;
  {
    Expected<Statement> insert = connection.statement(kInsert);
    if (!insert) return insert.error();
    insert->bindBlob(1, key.raw()).bindBlob(2, manifest).bind(3, now_ms);
    Expected<bool> row = insert->step();
    if (!row) return row.error();
    action_id = insert->columnInt(0);
    if (Status s = insert->run(); !s) return s;
  }
  for (std::int64_t blob_id : blob_ids) {
    Expected<Statement> link = connection.statement(kLink);
    if (!link) return link.error();
    if (Status s = link->bind(1, blob_id).bind(2, action_id).run(); !s) return s;
  }
  return {};
}

Status deleteActionRow(Connection &connection, std::int64_t id) {
  static constexpr const char *kSql = "DELETE FROM actions WHERE id = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  return stmt->bind(1, id).run();
}

}  // namespace kiln::cache
