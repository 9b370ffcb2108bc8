// What the cache's operations report: stats, gc and verify.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::cache {

struct CacheStats {
  std::string path;
  int schema_version = 0;
  std::int64_t blobs = 0;
  std::int64_t actions = 0;
  std::int64_t stored_bytes = 0;   // blob rows plus manifests, as stored
  std::int64_t logical_bytes = 0;  // blob bytes before compression
  std::int64_t file_bytes = 0;     // database file plus its WAL on disk
  std::int64_t max_bytes = 0;      // the configured budget
  std::int64_t hits = 0;           // action lookups answered
  std::int64_t misses = 0;         // action lookups not answered
  std::int64_t blob_hits = 0;
  std::int64_t blob_misses = 0;
  std::int64_t evictions = 0;    // entries removed by gc or the budget
  std::int64_t corruptions = 0;  // blobs or manifests that failed verification
};

struct GcOptions {
  // Override the configured limits for this run only.
  std::optional<std::int64_t> max_bytes;
  std::optional<std::int64_t> max_age_ms;
};

struct GcReport {
  std::int64_t entries_evicted = 0;
  std::int64_t bytes_freed = 0;
  std::int64_t stored_bytes_after = 0;
  bool budget_met = true;
};

struct VerifyOptions {
  bool repair = true;  // drop what fails; false only reports
};

struct VerifyReport {
  bool integrity_ok = true;
  std::vector<std::string> integrity_messages;  // from PRAGMA integrity_check
  std::int64_t blobs_checked = 0;
  std::int64_t actions_checked = 0;
  std::int64_t corrupt_blobs = 0;     // bytes do not match their digest
  std::int64_t bad_manifests = 0;     // manifest does not parse
  std::int64_t dangling_actions = 0;  // manifest names a blob not stored
  std::int64_t counters_fixed = 0;    // size/count counters that had drifted
  bool repaired = false;
  bool clean() const {
    return integrity_ok && corrupt_blobs == 0 && bad_manifests == 0 && dangling_actions == 0 &&
           counters_fixed == 0;
  }
};

}  // namespace kiln::cache
