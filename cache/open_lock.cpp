#include "cache/open_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <thread>

namespace kiln::cache {
namespace {

CacheError lockFileError(const std::string &db_path, const std::string &lock_path,
                         OpenLock::Mode mode, int err) {
  std::string what = "cache database " + db_path + ": cannot open its lock file " + lock_path +
                     " (" + std::strerror(err) + ")";
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return {CacheErrc::kCantOpen, what + ": check that its directory exists and is writable"};
    case EACCES:
    case EPERM:
    case EROFS:
      if (mode == OpenLock::Mode::kShared)
        return {CacheErrc::kCantOpen, what + ": a reader of the cache must be able to read it"};
      return {CacheErrc::kReadOnly,
              what + ": a writable cache needs a writable directory (SQLite creates -wal and "
                     "-shm files there too)"};
    default:
      return {CacheErrc::kIo, what};
  }
}

// One attempt at the whole-file lock: true when taken, false when another
// open file description holds a conflicting one.
Expected<bool> tryLock(int fd, OpenLock::Mode mode, const std::string &db_path,
                       const std::string &lock_path) {
  struct flock lock {};
  lock.l_type = mode == OpenLock::Mode::kExclusive ? F_WRLCK : F_RDLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 0;  // the whole file
  for (;;) {
    if (fcntl(fd, F_OFD_SETLK, &lock) == 0) return true;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EACCES) return false;
    return CacheError{CacheErrc::kIo, "cache database " + db_path + ": cannot lock " + lock_path +
                                          " (" + std::strerror(errno) +
                                          "); the file system must support fcntl locks"};
  }
}

}  // namespace

std::string openLockPath(const std::string &db_path) { return db_path + ".open-lock"; }

Expected<OpenLock> OpenLock::acquire(const std::string &db_path, Mode mode, bool create_file,
                                     std::chrono::milliseconds timeout) {
  const std::string lock_path = openLockPath(db_path);
  int flags = O_CLOEXEC | (mode == Mode::kExclusive ? O_RDWR : O_RDONLY);
  if (mode == Mode::kExclusive && create_file) flags |= O_CREAT;
  int fd = -1;
  do {
    fd = ::open(lock_path.c_str(), flags, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    // Nothing to wait for: no opener of this version has set this database
    // up, or none will create it. The open itself reports a missing file.
    if (errno == ENOENT && !(flags & O_CREAT)) return OpenLock(-1);
    return lockFileError(db_path, lock_path, mode, errno);
  }
  OpenLock held(fd);

  // Poll rather than block: F_OFD_SETLKW has no timeout, and a bounded wait
  // that ends in an error naming the file beats a hang. Setup under the lock
  // takes milliseconds, so a short sleep that backs off costs little.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(200);
  for (;;) {
    Expected<bool> taken = tryLock(fd, mode, db_path, lock_path);
    if (!taken) return taken.error();
    if (*taken) return held;
    if (std::chrono::steady_clock::now() >= deadline)
      return CacheError{
          CacheErrc::kBusy,
          "cache database " + db_path + ": another process or thread held " + lock_path +
              " for more than " + std::to_string(timeout.count()) +
              " ms while creating or migrating the database; `fuser " + lock_path +
              "` names the holder"};
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

OpenLock::~OpenLock() {
  // Closing the only descriptor of this open file description releases
  // the lock.
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace kiln::cache
