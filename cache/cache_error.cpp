#include "cache/cache_error.h"

namespace kiln::cache {

const char *errcName(CacheErrc code) {
  switch (code) {
    case CacheErrc::kInvalidArgument: return "invalid-argument";
    case CacheErrc::kBusy: return "busy";
    case CacheErrc::kDiskFull: return "disk-full";
    case CacheErrc::kReadOnly: return "read-only";
    case CacheErrc::kCantOpen: return "cant-open";
    case CacheErrc::kCorrupt: return "corrupt";
    case CacheErrc::kSchemaTooNew: return "schema-too-new";
    case CacheErrc::kMissingBlob: return "missing-blob";
    case CacheErrc::kIo: return "io";
  }
  return "unknown";
}

}  // namespace kiln::cache
