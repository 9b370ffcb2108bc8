#include "cache/artifact_cache.h"

#include <chrono>

#include "cache/cache_log.h"

#include "cache/action_rows.h"
#include "cache/database_open.h"
#include "cache/eviction.h"

namespace kiln::cache {
namespace {

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct PreparedBlob {
  std::string_view bytes;
  Digest digest;
  EncodedBlob encoded;
};

}  // namespace

ArtifactCache::ArtifactCache(CacheConfig config) : config_(std::move(config)) {}

Expected<std::unique_ptr<ArtifactCache>> ArtifactCache::open(CacheConfig config) {
  if (config.path.empty())
    return CacheError{CacheErrc::kInvalidArgument, "no cache database path given"};
  if (!config.now_ms) config.now_ms = systemNowMs;
  ConnectionOptions options;
  options.read_only = config.read_only;
  options.create_if_missing = config.create_if_missing;
  options.busy_timeout_ms = static_cast<int>(config.busy_timeout.count());
  options.synchronous_full = config.synchronous_full;
  options.max_db_bytes = config.max_db_bytes;
  options.page_cache_bytes = config.page_cache_bytes;

  // The first connection sets the database up (creates it, switches it to
  // WAL, migrates it) under the open lock; the pool's later ones only join.
  Expected<std::unique_ptr<Connection>> first = openDatabase(
      config.path, options, config.read_only ? SchemaStep::kCheck : SchemaStep::kMigrate);
  if (!first) return first.error();

  std::unique_ptr<ArtifactCache> cache(new ArtifactCache(std::move(config)));
  std::string path = cache->config_.path;
  cache->pool_ = std::make_unique<ConnectionPool>(
      [path, options] { return openDatabase(path, options, SchemaStep::kNone); }, cache->config_.max_connections);
  cache->pool_->adopt(std::move(first).value());
  if (cache->config_.background_maintenance && !cache->config_.read_only)
    cache->maintenance_thread_ = std::thread([raw = cache.get()] { raw->maintenanceLoop(); });
  return cache;
}

ArtifactCache::~ArtifactCache() {
  {
    std::lock_guard lock(maintenance_mutex_);
    stopping_ = true;
  }
  maintenance_wake_.notify_all();
  if (maintenance_thread_.joinable()) maintenance_thread_.join();
  if (Status s = flush(); !s)
    cacheLog().warn("kiln cache: could not save access times on close: {}", s.error().message);
}

Expected<std::optional<std::string>> ArtifactCache::getBlob(const Digest &digest) {
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Expected<BlobRead> read = readBlobRow(**lease, digest);
  if (!read) return read.error();
  if (read->outcome == BlobRead::Outcome::kCorrupt) dropCorruptBlob(**lease, digest, read->id);
  if (read->outcome != BlobRead::Outcome::kHit) {
    access_log_.count(Counter::kBlobMisses);
    return std::optional<std::string>();
  }
  access_log_.touchBlob(digest, now());
  access_log_.count(Counter::kBlobHits);
  return std::optional<std::string>(std::move(read->bytes));
}

Expected<Digest> ArtifactCache::putBlob(std::string_view bytes) {
  std::string_view one[] = {bytes};
  Expected<std::vector<Digest>> digests = putBlobs(one);
  if (!digests) return digests.error();
  return digests->front();
}

Expected<std::vector<Digest>> ArtifactCache::putBlobs(std::span<const std::string_view> blobs) {
  if (std::optional<CacheError> refused = refuseWrite(blobs)) return *refused;
  // Hashing and compression happen before the write lock is taken.
  std::vector<PreparedBlob> prepared;
  prepared.reserve(blobs.size());
  for (std::string_view bytes : blobs) {
    prepared.push_back({bytes, Digest::of(bytes), encodeBlob(bytes, config_.zstd_level)});
  }
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Connection &connection = **lease;
  Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kImmediate);
  if (!txn) return txn.error();
  std::int64_t t = now();
  std::vector<Digest> digests;
  for (const PreparedBlob &blob : prepared) {
    Expected<std::int64_t> id = insertBlobRow(connection, blob.digest, blob.bytes, blob.encoded, t);
    if (!id) return id.error();
    digests.push_back(blob.digest);
  }
  Expected<std::int64_t> stored = readCounter(connection, "stored_bytes");
  if (!stored) return stored.error();
  if (Status s = txn->commit(); !s) return s.error();
  // A put of an existing blob refreshes it like a hit would.
  for (const Digest &d : digests) access_log_.touchBlob(d, t);
  if (config_.max_bytes > 0 && *stored > config_.max_bytes) wakeMaintenance();
  return digests;
}

std::optional<CacheError> ArtifactCache::refuseWrite(
    std::span<const std::string_view> blobs) const {
  if (config_.read_only)
    return CacheError{CacheErrc::kReadOnly,
                      "cache database " + config_.path + " was opened read-only"};
  for (std::string_view bytes : blobs)
    if (static_cast<std::int64_t>(bytes.size()) > config_.max_blob_bytes)
      return CacheError{CacheErrc::kInvalidArgument,
                        "blob of " + std::to_string(bytes.size()) +
                            " bytes exceeds the cache's limit of " +
                            std::to_string(config_.max_blob_bytes) + " bytes"};
  return std::nullopt;
}

Expected<bool> ArtifactCache::containsBlob(const Digest &digest) {
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Expected<std::optional<std::int64_t>> id = findBlobRow(**lease, digest);
  if (!id) return id.error();
  return id->has_value();
}

Expected<std::optional<BlobInfo>> ArtifactCache::statBlob(const Digest &digest) {
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  return statBlobRow(**lease, digest);
}

void ArtifactCache::dropCorruptBlob(Connection &connection, const Digest &digest,
                                    std::int64_t id) {
  access_log_.count(Counter::kCorruptions);
  cacheLog().error("kiln cache {}: blob {} does not match its digest; dropped, never served",
                config_.path, digest.hex());
  if (config_.read_only) return;
  if (Status s = deleteBlobRow(connection, id); !s)
    cacheLog().error("kiln cache {}: could not drop corrupt blob {}: {}", config_.path, digest.hex(),
                  s.error().message);
}

Status ArtifactCache::flush() {
  if (config_.read_only) return {};
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  return flushWith(**lease);
}

Status ArtifactCache::flushWith(Connection &connection) {
  AccessLog::Batch batch = access_log_.take();
  if (batch.empty()) return {};
  static constexpr const char *kTouchBlob =
      "UPDATE blobs SET accessed_ms = max(accessed_ms, ?2) WHERE digest = ?1";
  static constexpr const char *kTouchAction =
      "UPDATE actions SET accessed_ms = max(accessed_ms, ?2) WHERE key = ?1";
  static constexpr const char *kCount = "UPDATE counters SET value = value + ?2 WHERE name = ?1";
  auto write = [&]() -> Status {
    Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kImmediate);
    if (!txn) return txn.error();
    for (const char *sql : {kTouchBlob, kTouchAction}) {
      for (const auto &[digest, t] : sql == kTouchBlob ? batch.blobs : batch.actions) {
        Expected<Statement> stmt = connection.statement(sql);
        if (!stmt) return stmt.error();
        if (Status s = stmt->bindBlob(1, digest.raw()).bind(2, t).run(); !s) return s;
      }
    }
    for (int i = 0; i < static_cast<int>(Counter::kCount); ++i) {
      if (batch.counters[i] == 0) continue;
      Expected<Statement> stmt = connection.statement(kCount);
      if (!stmt) return stmt.error();
      if (Status s = stmt->bindText(1, counterName(static_cast<Counter>(i)))
                         .bind(2, batch.counters[i])
                         .run();
          !s)
        return s;
    }
    return txn->commit();
  };
  Status s = write();
  if (!s) access_log_.restore(std::move(batch));
  return s;
}

Expected<GcReport> ArtifactCache::evictWith(Connection &connection, std::int64_t max_bytes,
                                            std::int64_t max_age_ms) {
  EvictionLimits limits;
  limits.max_bytes = max_bytes;
  limits.max_age_ms = max_age_ms;
  Expected<EvictionReport> evicted = evict(connection, limits, now(), pins_);
  if (!evicted) return evicted.error();
  Expected<std::int64_t> stored = readCounter(connection, "stored_bytes");
  if (!stored) return stored.error();
  return GcReport{evicted->entries_evicted, evicted->bytes_freed, *stored, evicted->budget_met};
}

Expected<GcReport> ArtifactCache::gc(const GcOptions &options) {
  if (std::optional<CacheError> refused = refuseWrite({})) return *refused;
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  // Access times first, so eviction sees the true LRU order.
  if (Status s = flushWith(**lease); !s) return s.error();
  Expected<GcReport> report =
      evictWith(**lease, options.max_bytes.value_or(config_.max_bytes),
                options.max_age_ms.value_or(config_.max_age.count()));
  if (!report) return report;
  // Hand freed pages back to the file system and fold the WAL into the
  // database. A reader in another process can hold the checkpoint back;
  // that only delays the shrink, so the result is not an error.
  (void)(*lease)->exec("PRAGMA incremental_vacuum");
  (void)(*lease)->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return report;
}

void ArtifactCache::wakeMaintenance() {
  {
    std::lock_guard lock(maintenance_mutex_);
    over_budget_ = true;
  }
  maintenance_wake_.notify_one();
}

void ArtifactCache::maintenanceLoop() {
  while (true) {
    {
      std::unique_lock lock(maintenance_mutex_);
      maintenance_wake_.wait_for(lock, config_.maintenance_interval,
                                 [&] { return stopping_ || over_budget_; });
      if (stopping_) return;
      over_budget_ = false;
    }
    Expected<ConnectionPool::Lease> lease = pool_->acquire();
    if (!lease) {
      cacheLog().warn("kiln cache {}: maintenance: {}", config_.path, lease.error().message);
      continue;
    }
    if (Status s = flushWith(**lease); !s)
      cacheLog().warn("kiln cache {}: maintenance flush: {}", config_.path, s.error().message);
    Expected<GcReport> report = evictWith(**lease, config_.max_bytes, config_.max_age.count());
    if (!report)
      cacheLog().warn("kiln cache {}: eviction: {}", config_.path, report.error().message);
  }
}

}  // namespace kiln::cache
