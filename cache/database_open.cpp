#include "cache/database_open.h"

#include <sys/stat.h>

#include <chrono>

#include "cache/open_lock.h"
#include "cache/schema.h"

namespace kiln::cache {

Expected<std::unique_ptr<Connection>> openDatabase(const std::string &path,
                                                   const ConnectionOptions &options,
                                                   SchemaStep step) {
  OpenLock::Mode mode = options.read_only ? OpenLock::Mode::kShared : OpenLock::Mode::kExclusive;
  // Creating the lock file is creating a file next to the database, so it
  // is only done when the database may be created too, or already exists;
  // otherwise the open below reports the missing file, and nothing is left
  // behind.
  struct stat st {};
  bool create_file = options.create_if_missing || ::stat(path.c_str(), &st) == 0;
  // The wait is bounded by the busy timeout, as every other wait for
  // another connection is.
  Expected<OpenLock> lock = OpenLock::acquire(
      path, mode, create_file, std::chrono::milliseconds(options.busy_timeout_ms));
  if (!lock) return lock.error();

  Expected<std::unique_ptr<Connection>> connection = Connection::open(path, options);
  if (!connection) return connection.error();
  if (step == SchemaStep::kMigrate) {
    if (Status s = migrateSchema(**connection); !s) return s.error();
  } else if (step == SchemaStep::kCheck) {
    if (Status s = checkSchema(**connection); !s) return s.error();
  }
  return connection;
}

}  // namespace kiln::cache
