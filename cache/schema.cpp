#include "cache/schema.h"

#include <string>

namespace kiln::cache {
namespace {

// Version 1. Sizes and counts are kept in `counters` by triggers so stats
// and the eviction budget never scan the tables, and deleting a blob deletes
// every action that names it: no manifest can outlive its artifacts.
constexpr const char *kSchemaV1 = R"sql(
CREATE TABLE blobs(
  id INTEGER PRIMARY KEY,
  digest BLOB NOT NULL UNIQUE,      -- SHA-256 of the uncompressed bytes
  codec INTEGER NOT NULL,           -- 0 raw, 1 zstd (blob_codec.h)
  size INTEGER NOT NULL,            -- uncompressed bytes
  stored_size INTEGER NOT NULL,     -- bytes in `data`
  data BLOB NOT NULL,
  created_ms INTEGER NOT NULL,
  accessed_ms INTEGER NOT NULL
);
CREATE INDEX blobs_by_access ON blobs(accessed_ms);
CREATE TABLE actions(
  id INTEGER PRIMARY KEY,
  key BLOB NOT NULL UNIQUE,         -- action key (action_key.h)
  manifest BLOB NOT NULL,           -- a manifest (manifest.h)
  created_ms INTEGER NOT NULL,
  accessed_ms INTEGER NOT NULL
);
CREATE INDEX actions_by_access ON actions(accessed_ms);
CREATE TABLE action_blobs(
  blob_id INTEGER NOT NULL,
  action_id INTEGER NOT NULL,
  PRIMARY KEY(blob_id, action_id)
) WITHOUT ROWID;
CREATE INDEX action_blobs_by_action ON action_blobs(action_id);
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES
  ('stored_bytes', 0), ('logical_bytes', 0), ('blob_count', 0), ('action_count', 0),
  ('hits', 0), ('misses', 0), ('blob_hits', 0), ('blob_misses', 0),
  ('evictions', 0), ('corruptions', 0);
CREATE TRIGGER blobs_insert AFTER INSERT ON blobs BEGIN
  UPDATE counters SET value = value + NEW.stored_size WHERE name = 'stored_bytes';
  UPDATE counters SET value = value + NEW.size WHERE name = 'logical_bytes';
  UPDATE counters SET value = value + 1 WHERE name = 'blob_count';
END;
CREATE TRIGGER blobs_delete AFTER DELETE ON blobs BEGIN
  UPDATE counters SET value = value - OLD.stored_size WHERE name = 'stored_bytes';
  UPDATE counters SET value = value - OLD.size WHERE name = 'logical_bytes';
  UPDATE counters SET value = value - 1 WHERE name = 'blob_count';
  DELETE FROM actions WHERE id IN (SELECT action_id FROM action_blobs WHERE blob_id = OLD.id);
  DELETE FROM action_blobs WHERE blob_id = OLD.id;
END;
CREATE TRIGGER actions_insert AFTER INSERT ON actions BEGIN
  UPDATE counters SET value = value + length(NEW.manifest) WHERE name = 'stored_bytes';
  UPDATE counters SET value = value + 1 WHERE name = 'action_count';
END;
CREATE TRIGGER actions_delete AFTER DELETE ON actions BEGIN
  UPDATE counters SET value = value - length(OLD.manifest) WHERE name = 'stored_bytes';
  UPDATE counters SET value = value - 1 WHERE name = 'action_count';
  DELETE FROM action_blobs WHERE action_id = OLD.id;
END;
)sql";

struct Migration {
  int to_version;
  const char *sql;
};

// Append new steps here; never edit a released one.
constexpr Migration kMigrations[] = {
    {1, kSchemaV1},
};

Status checkVersionAndOwner(Connection &connection, std::int64_t version) {
  if (version > kSchemaVersion)
    return CacheError{CacheErrc::kSchemaTooNew,
                      "cache database " + connection.path() + " has schema version " +
                          std::to_string(version) + ", newer than this kiln understands (" +
                          std::to_string(kSchemaVersion) +
                          "); use a newer kiln or a different --db"};
  Expected<std::int64_t> app = connection.queryInt("PRAGMA application_id");
  if (!app) return app.error();
  if (*app == kApplicationId) return {};
  Expected<std::int64_t> objects = connection.queryInt("SELECT count(*) FROM sqlite_master");
  if (!objects) return objects.error();
  if (*app != 0 || *objects != 0)
    return CacheError{CacheErrc::kInvalidArgument,
                      "cache database " + connection.path() +
                          " is a SQLite file that does not belong to kiln; refusing to use it"};
  return {};
}

}  // namespace

Status migrateSchema(Connection &connection) {
  // Cheap check first: an up-to-date database needs no write lock.
  Expected<std::int64_t> version = connection.queryInt("PRAGMA user_version");
  if (!version) return version.error();
  if (*version == kSchemaVersion) return checkVersionAndOwner(connection, *version);

  // auto_vacuum must be chosen before the first table exists; incremental
  // lets `gc` hand freed pages back to the file system.
  if (*version == 0) (void)connection.exec("PRAGMA auto_vacuum=INCREMENTAL");
  for (const Migration &step : kMigrations) {
    Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kImmediate);
    if (!txn) return txn.error();
    version = connection.queryInt("PRAGMA user_version");  // another process may have won
    if (!version) return version.error();
    if (Status s = checkVersionAndOwner(connection, *version); !s) return s;
    if (*version >= step.to_version) continue;
    if (Status s = connection.exec(step.sql); !s) return s;
    std::string bump = "PRAGMA user_version=" + std::to_string(step.to_version) +
                       ";PRAGMA application_id=" + std::to_string(kApplicationId);
    if (Status s = connection.exec(bump.c_str()); !s) return s;
    if (Status s = txn->commit(); !s) return s;
  }
  return {};
}

Status checkSchema(Connection &connection) {
  Expected<std::int64_t> version = connection.queryInt("PRAGMA user_version");
  if (!version) return version.error();
  if (Status s = checkVersionAndOwner(connection, *version); !s) return s;
  if (*version < kSchemaVersion)
    return CacheError{CacheErrc::kReadOnly,
                      "cache database " + connection.path() + " has schema version " +
                          std::to_string(*version) + " and needs migrating to " +
                          std::to_string(kSchemaVersion) +
                          "; open it writable once (e.g. kiln cache gc)"};
  return {};
}

}  // namespace kiln::cache
