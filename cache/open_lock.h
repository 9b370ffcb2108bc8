// OpenLock: one advisory lock per cache database, on a sidecar file next to
// it (`<db>.open-lock`), that serializes how connections come up: creating
// the file, switching it to WAL and migrating its schema.
//
// Why a lock of our own: SQLite makes its own steps safe against readers
// and writers of a finished database, but a file that is still being
// created is a different matter. Openers that find one at the same moment
// each try to switch it to WAL (the losers' lock upgrade fails at once,
// with no busy handler), each decide whether a -wal beside it is stale
// (pagerOpenWalIfPresent deletes a -wal next to an empty file under only a
// shared lock; a second deleter gets SQLITE_IOERR_DELETE_NOENT), and each race to
// be the one that creates the tables, while readers can see the file
// between creation and migration. Under the lock one connection at a time
// runs that sequence, and every later one finds a database in WAL mode at
// the current schema and changes nothing.
//
// The lock is an open-file-description lock (F_OFD_SETLK), not flock() or
// a classic POSIX lock: it conflicts between two open()s in one process,
// so threads are serialized as well as processes; closing some other
// descriptor of the file (SQLite's own, say) cannot drop it; and the
// kernel releases it when the holder exits, even by kill -9, so a crash
// never leaves a stale lock behind. The file itself is never deleted:
// deleting a lock file lets two openers lock two different inodes.
#pragma once

#include <chrono>
#include <string>

#include "cache/expected.h"

namespace kiln::cache {

// The sidecar lock file for the database at `db_path`.
std::string openLockPath(const std::string &db_path);

class OpenLock {
 public:
  enum class Mode {
    kExclusive,  // writable opens: may create, switch to WAL, migrate
    kShared,     // read-only opens: wait out a writer's setup, never block each other
  };

  // Takes the lock for the database at `db_path`, waiting up to `timeout`
  // for another opener to finish. kExclusive creates the lock file when
  // `create_file` is set; a missing lock file is otherwise not an error and
  // yields a lock that holds nothing (no opener of this version has set the
  // database up, so there is no setup to wait for). Errors name the lock
  // file and say what to do.
  static Expected<OpenLock> acquire(const std::string &db_path, Mode mode, bool create_file,
                                    std::chrono::milliseconds timeout);

  OpenLock(OpenLock &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  OpenLock(const OpenLock &) = delete;
  OpenLock &operator=(const OpenLock &) = delete;
  OpenLock &operator=(OpenLock &&) = delete;
  ~OpenLock();

  bool held() const { return fd_ >= 0; }

 private:
  explicit OpenLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace kiln::cache
