// AccessLog: what the hit path would otherwise write. Lookups record access
// times and hit/miss counts here, in memory; the maintenance thread (or
// flush()) writes them out in one transaction, so a hit never takes the
// SQLite write lock.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "cache/digest.h"

namespace kiln::cache {

enum class Counter { kHits, kMisses, kBlobHits, kBlobMisses, kCorruptions, kCount };

// The persisted name of each counter in the `counters` table.
const char *counterName(Counter counter);

class AccessLog {
 public:
  struct Batch {
    std::unordered_map<Digest, std::int64_t, DigestHash> blobs;    // digest -> newest access
    std::unordered_map<Digest, std::int64_t, DigestHash> actions;  // key -> newest access
    std::array<std::int64_t, static_cast<int>(Counter::kCount)> counters{};
    bool empty() const;
  };

  void touchBlob(const Digest &digest, std::int64_t now_ms);
  void touchAction(const Digest &key, std::int64_t now_ms);
  void count(Counter counter, std::int64_t n = 1);

  // Takes everything recorded so far, leaving the log empty.
  Batch take();
  // Puts back a batch whose flush failed, so no access or count is lost.
  void restore(Batch batch);
  // Counts recorded but not yet flushed (for stats of this process).
  std::array<std::int64_t, static_cast<int>(Counter::kCount)> pendingCounters() const;

 private:
  mutable std::mutex mutex_;
  Batch batch_;
};

}  // namespace kiln::cache
