// Rows of the `actions` and `action_blobs` tables. Callers own transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/blob_rows.h"
#include "cache/digest.h"
#include "cache/sqlite_connection.h"

namespace kiln::cache {

struct ActionRow {
  std::int64_t id = 0;
  std::string manifest;
};

Expected<std::optional<ActionRow>> readActionRow(Connection &connection, const Digest &key);

// An action and the blob rows linked to it, verified, as one SQL statement
// sees them: a single statement reads one snapshot, so no eviction can come
// between the manifest and its blobs, and the hit path needs no BEGIN/COMMIT.
struct ActionSnapshot {
  ActionRow action;
  std::vector<std::pair<Digest, BlobRead>> blobs;  // linked blobs, verified
};
Expected<std::optional<ActionSnapshot>> readActionSnapshot(Connection &connection,
                                                           const Digest &key);

// Stores `manifest` under `key`, replacing any older result, and links it to
// the blob rows it names so deleting one of them deletes the action too.
Status writeActionRow(Connection &connection, const Digest &key, std::string_view manifest,
                      const std::vector<std::int64_t> &blob_ids, std::int64_t now_ms);

Status deleteActionRow(Connection &connection, std::int64_t id);

}  // namespace kiln::cache
