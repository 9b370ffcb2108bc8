// The errors the cache reports. Each carries a code callers can branch on and
// a message that already names the database and what to do about it.
#pragma once

#include <string>

namespace kiln::cache {

enum class CacheErrc {
  kInvalidArgument,  // the caller asked for something malformed
  kBusy,             // the database stayed locked past the busy timeout
  kDiskFull,         // SQLITE_FULL: the disk or the page limit is exhausted
  kReadOnly,         // opened read-only, or the file is not writable
  kCantOpen,         // the file or its directory cannot be opened/created
  kCorrupt,          // SQLite reports a malformed database file
  kSchemaTooNew,     // written by a newer kiln; we refuse to downgrade it
  kMissingBlob,      // a manifest names a blob that is neither given nor stored
  kIo,               // any other SQLite or I/O failure
};

const char *errcName(CacheErrc code);

struct CacheError {
  CacheErrc code = CacheErrc::kIo;
  std::string message;
};

}  // namespace kiln::cache
