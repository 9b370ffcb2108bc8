// Opening a connection to a cache database with its setup serialized: the
// open lock (open_lock.h) is held from sqlite3_open through the switch to
// WAL and, for a cache's first connection, the schema migration or check,
// so no connection ever sees, or takes part in, another one's setup.
#pragma once

#include <memory>
#include <string>

#include "cache/sqlite_connection.h"

namespace kiln::cache {

enum class SchemaStep {
  kNone,     // a pool's later connection: the first one already did it
  kMigrate,  // a writable cache's first connection: bring the schema up to date
  kCheck,    // a read-only cache's first connection: refuse an unusable schema
};

Expected<std::unique_ptr<Connection>> openDatabase(const std::string &path,
                                                   const ConnectionOptions &options,
                                                   SchemaStep step);

}  // namespace kiln::cache
