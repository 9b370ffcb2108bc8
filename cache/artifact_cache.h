// ArtifactCache: kiln's content-addressed store of blobs and compile results
// in one SQLite database, shared by the threads of a process and by several
// processes on one host.
//
//  - Blobs are named by the SHA-256 of their bytes and verified on every
//    read; a blob that fails verification is dropped, counted, logged and
//    reported as a miss, never served.
//  - Actions map an action key (action_key.h) to a Manifest. A lookup
//    returns the manifest together with its artifacts' bytes, read in one
//    snapshot, so a hit can never name an evicted blob; a manifest whose
//    blobs are missing is a miss and is removed.
//  - Hits do not write: access times and counters are batched (access_log.h).
//  - Eviction (eviction.h) runs on a background thread.
//
// All methods are thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cache/access_log.h"
#include "cache/blob_rows.h"
#include "cache/cache_config.h"
#include "cache/cache_reports.h"
#include "cache/connection_pool.h"
#include "cache/digest.h"
#include "cache/expected.h"
#include "cache/manifest.h"
#include "cache/pin_set.h"

namespace kiln::cache {

struct ActionHit {
  Manifest manifest;
  std::vector<std::string> artifacts;  // bytes of manifest.blobs, same order
};

class ArtifactCache {
 public:
  static Expected<std::unique_ptr<ArtifactCache>> open(CacheConfig config);
  ~ArtifactCache();  // flushes pending access times and counters

  // Blobs.
  Expected<std::optional<std::string>> getBlob(const Digest &digest);
  Expected<Digest> putBlob(std::string_view bytes);
  // Many blobs in one transaction: the fast way to fill the cache.
  Expected<std::vector<Digest>> putBlobs(std::span<const std::string_view> blobs);
  Expected<bool> containsBlob(const Digest &digest);
  Expected<std::optional<BlobInfo>> statBlob(const Digest &digest);

  // Actions. A kProbe lookup that misses is not counted as a miss: a
  // caller that tries several keys for one request (direct, then
  // canonical) counts one miss per request, not one per key.
  enum class Lookup { kCounted, kProbe };
  Expected<std::optional<ActionHit>> getAction(const Digest &key, Lookup lookup = Lookup::kCounted);
  // Stores `manifest` under `key`, with `new_blobs` (their digests are
  // computed here, never trusted). Every artifact the manifest names must be
  // in `new_blobs` or already stored, checked inside the transaction;
  // otherwise nothing is written and the error is kMissingBlob.
  Status putAction(const Digest &key, const Manifest &manifest,
                   std::span<const std::string_view> new_blobs = {});
  Expected<bool> containsAction(const Digest &key);

  // Keeps a blob from eviction in this process while the pin lives.
  PinSet::Pin pin(const Digest &digest) { return pins_.pin(digest); }

  // Operations.
  Expected<CacheStats> stats();
  Expected<GcReport> gc(const GcOptions &options = {});
  Expected<VerifyReport> verify(const VerifyOptions &options = {});
  // Writes batched access times and counters now.
  Status flush();

  const CacheConfig &config() const { return config_; }

 private:
  explicit ArtifactCache(CacheConfig config);
  std::int64_t now() const { return config_.now_ms(); }
  // Why a write of `blobs` must not start (read-only, too large), if it must not.
  std::optional<CacheError> refuseWrite(std::span<const std::string_view> blobs) const;
  Status flushWith(Connection &connection);
  Expected<GcReport> evictWith(Connection &connection, std::int64_t max_bytes,
                               std::int64_t max_age_ms);
  // Drops a corrupt blob (and the actions naming it) and counts it.
  void dropCorruptBlob(Connection &connection, const Digest &digest, std::int64_t id);
  void maintenanceLoop();
  void wakeMaintenance();

  CacheConfig config_;
  std::unique_ptr<ConnectionPool> pool_;
  AccessLog access_log_;
  PinSet pins_;

  std::mutex maintenance_mutex_;
  std::condition_variable maintenance_wake_;
  bool stopping_ = false;
  bool over_budget_ = false;
  std::thread maintenance_thread_;
};

}  // namespace kiln::cache
