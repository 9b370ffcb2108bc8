// CacheConfig: everything that sets how one artifact cache behaves.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace kiln::cache {

struct CacheConfig {
  std::string path;  // the SQLite database file

  bool read_only = false;         // operators' tools inspecting a live cache
  bool create_if_missing = true;  // false: opening a missing file is an error

  // Eviction: least recently used first, down to 90% of max_bytes.
  std::int64_t max_bytes = 10LL << 30;                     // 0: unbounded
  std::chrono::milliseconds max_age = std::chrono::hours(24 * 30);  // 0: forever

  // A background thread flushes access times and counters and evicts every
  // `maintenance_interval`, and sooner when a put goes over budget. Tests
  // turn it off and call flush()/gc() to make timing deterministic.
  bool background_maintenance = true;
  std::chrono::milliseconds maintenance_interval = std::chrono::seconds(1);

  // SQLite's busy timeout: how long a writer waits for another to finish
  // before the caller gets a kBusy error.
  std::chrono::milliseconds busy_timeout = std::chrono::seconds(30);
  // WAL with synchronous=NORMAL survives process crashes; FULL also survives
  // power loss at the cost of an fsync per commit (see sqlite_connection.cpp).
  bool synchronous_full = false;

  // A hard cap on the database file, enforced by SQLite (max_page_count).
  // Reaching it behaves like a full disk: puts fail with kDiskFull, reads go
  // on. The byte budget above is what normally keeps the file small.
  std::int64_t max_db_bytes = 0;  // 0: no cap

  // SQLite page cache per pooled connection: the hot set of artifacts
  // should fit, or hits turn into file reads.
  std::int64_t page_cache_bytes = 32LL << 20;

  int zstd_level = 3;
  std::int64_t max_blob_bytes = 1LL << 30;  // larger puts are refused
  std::size_t max_connections = 8;

  // Wall-clock milliseconds. Access times are compared across processes,
  // so this must be a shared clock; tests inject a fake one.
  std::function<std::int64_t()> now_ms;
};

}  // namespace kiln::cache
