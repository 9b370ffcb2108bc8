// The cache's SQLite schema and its forward migrations.
//
// PRAGMA user_version holds the schema version and PRAGMA application_id
// marks the file as a kiln cache, so kiln refuses to write into some other
// application's database that an operator pointed it at by mistake.
// Migrations only go forward, each in its own IMMEDIATE transaction with the
// version bump, so a crash mid-migration leaves the old version intact.
#pragma once

#include "cache/sqlite_connection.h"

namespace kiln::cache {

inline constexpr int kSchemaVersion = 1;
inline constexpr int kApplicationId = 0x6b696c6e;  // "kiln"

// Brings a writable database up to kSchemaVersion. Safe to race from several
// processes: the version is re-read inside the write transaction.
Status migrateSchema(Connection &connection);

// For read-only connections: checks the file is a kiln cache at exactly
// kSchemaVersion, since a read-only opener cannot migrate it.
Status checkSchema(Connection &connection);

}  // namespace kiln::cache
