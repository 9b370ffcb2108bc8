// ArtifactCache: the operator's view — stats and a full verification pass.
#include <filesystem>
#include <vector>

#include "cache/cache_log.h"

#include "cache/action_rows.h"
#include "cache/artifact_cache.h"
#include "cache/eviction.h"
#include "cache/schema.h"

namespace kiln::cache {
namespace {

std::int64_t fileSize(const std::string &path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(size);
}

struct BadRow {
  std::int64_t id;
  bool is_blob;
};

// Calls `visit` for each row of `sql` (which pages by "id > ?1 ... LIMIT"),
// a page per read transaction so a long scan never pins the WAL.
template <typename Visit>
Status scanPages(Connection &connection, const char *sql, Visit visit) {
  std::int64_t last_id = 0;
  while (true) {
    Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kRead);
    if (!txn) return txn.error();
    Expected<Statement> stmt = connection.statement(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, last_id);
    bool any = false;
    while (true) {
      Expected<bool> row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      any = true;
      last_id = stmt->columnInt(0);
      if (Status s = visit(*stmt); !s) return s;
    }
    if (!any) return {};
  }
}

struct CounterCheck {
  const char *name;
  const char *actual_sql;
};

constexpr CounterCheck kCounterChecks[] = {
    {"stored_bytes",
     "SELECT (SELECT coalesce(sum(stored_size), 0) FROM blobs) + "
     "(SELECT coalesce(sum(length(manifest)), 0) FROM actions)"},
    {"logical_bytes", "SELECT coalesce(sum(size), 0) FROM blobs"},
    {"blob_count", "SELECT count(*) FROM blobs"},
    {"action_count", "SELECT count(*) FROM actions"},
};

}  // namespace

Expected<CacheStats> ArtifactCache::stats() {
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Connection &connection = **lease;
  Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kRead);
  if (!txn) return txn.error();
  CacheStats stats;
  stats.path = config_.path;
  stats.max_bytes = config_.max_bytes;
  Expected<std::int64_t> version = connection.queryInt("PRAGMA user_version");
  if (!version) return version.error();
  stats.schema_version = static_cast<int>(*version);
  struct Field {
    const char *name;
    std::int64_t *value;
  };
  const Field fields[] = {
      {"blob_count", &stats.blobs},       {"action_count", &stats.actions},
      {"stored_bytes", &stats.stored_bytes}, {"logical_bytes", &stats.logical_bytes},
      {"hits", &stats.hits},              {"misses", &stats.misses},
      {"blob_hits", &stats.blob_hits},    {"blob_misses", &stats.blob_misses},
      {"evictions", &stats.evictions},    {"corruptions", &stats.corruptions},
  };
  for (const Field &field : fields) {
    Expected<std::int64_t> value = readCounter(connection, field.name);
    if (!value) return value.error();
    *field.value = *value;
  }
  // This process's counts not flushed yet belong in the picture too.
  auto pending = access_log_.pendingCounters();
  stats.hits += pending[static_cast<int>(Counter::kHits)];
  stats.misses += pending[static_cast<int>(Counter::kMisses)];
  stats.blob_hits += pending[static_cast<int>(Counter::kBlobHits)];
  stats.blob_misses += pending[static_cast<int>(Counter::kBlobMisses)];
  stats.corruptions += pending[static_cast<int>(Counter::kCorruptions)];
  stats.file_bytes = fileSize(config_.path) + fileSize(config_.path + "-wal");
  return stats;
}

Expected<VerifyReport> ArtifactCache::verify(const VerifyOptions &options) {
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Connection &connection = **lease;
  VerifyReport report;

  {
    Expected<Statement> check = connection.statement("PRAGMA integrity_check");
    if (!check) return check.error();
    while (true) {
      Expected<bool> row = check->step();
      if (!row) return row.error();
      if (!*row) break;
      std::string_view message = check->columnBlob(0);
      if (message != "ok") report.integrity_messages.emplace_back(message);
    }
    report.integrity_ok = report.integrity_messages.empty();
  }

  std::vector<BadRow> bad;
  static constexpr const char *kBlobs =
      "SELECT id, digest, codec, size, data FROM blobs WHERE id > ?1 ORDER BY id LIMIT 256";
  Status scanned = scanPages(connection, kBlobs, [&](Statement &row) -> Status {
    ++report.blobs_checked;
    std::string_view raw = row.columnBlob(1);
    std::optional<Digest> digest = Digest::fromRaw(raw.data(), raw.size());
    std::optional<std::string> bytes =
        decodeBlob(row.columnInt(2), row.columnBlob(4), row.columnInt(3));
    if (!digest || !bytes || Digest::of(*bytes) != *digest) {
      ++report.corrupt_blobs;
      bad.push_back({row.columnInt(0), true});
      cacheLog().error("kiln cache {}: blob {} does not match its digest", config_.path,
                    digest ? digest->hex() : "(malformed digest)");
    }
    return {};
  });
  if (!scanned) return scanned.error();

  static constexpr const char *kActions =
      "SELECT id, manifest FROM actions WHERE id > ?1 ORDER BY id LIMIT 256";
  static constexpr const char *kBlobExists =
      "SELECT 1 FROM blobs WHERE digest = ?1";
  scanned = scanPages(connection, kActions, [&](Statement &row) -> Status {
    ++report.actions_checked;
    std::optional<Manifest> manifest = parseManifest(row.columnBlob(1));
    if (!manifest && isOutdatedManifest(row.columnBlob(1))) return {};  // a miss when looked up; evicted in time
    if (!manifest) {
      ++report.bad_manifests;
      bad.push_back({row.columnInt(0), false});
      return {};
    }
    for (const ManifestBlob &artifact : manifest->blobs) {
      Expected<Statement> exists = connection.statement(kBlobExists);
      if (!exists) return exists.error();
      Expected<bool> found = exists->bindBlob(1, artifact.digest.raw()).step();
      if (!found) return found.error();
      if (!*found) {
        ++report.dangling_actions;
        bad.push_back({row.columnInt(0), false});
        break;
      }
    }
    return {};
  });
  if (!scanned) return scanned.error();

  if (!options.repair || config_.read_only) return report;
  Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kImmediate);
  if (!txn) return txn.error();
  for (const BadRow &row : bad) {
    Status s = row.is_blob ? deleteBlobRow(connection, row.id) : deleteActionRow(connection, row.id);
    if (!s) return s.error();
  }
  if (!bad.empty()) {
    Expected<Statement> count = connection.statement(
        "UPDATE counters SET value = value + ?1 WHERE name = 'corruptions'");
    if (!count) return count.error();
    if (Status s = count->bind(1, report.corrupt_blobs + report.bad_manifests).run(); !s)
      return s.error();
  }
  // Triggers keep these exact; a mismatch means the file was edited behind
  // kiln's back, and eviction would misjudge the budget until fixed.
  for (const CounterCheck &check : kCounterChecks) {
    Expected<std::int64_t> actual = connection.queryInt(check.actual_sql);
    if (!actual) return actual.error();
    Expected<std::int64_t> recorded = readCounter(connection, check.name);
    if (!recorded) return recorded.error();
    if (*actual == *recorded) continue;
    ++report.counters_fixed;
    Expected<Statement> fix =
        connection.statement("UPDATE counters SET value = ?2 WHERE name = ?1");
    if (!fix) return fix.error();
    if (Status s = fix->bindText(1, check.name).bind(2, *actual).run(); !s) return s.error();
  }
  if (Status s = txn->commit(); !s) return s.error();
  report.repaired = !report.clean();
  return report;
}

}  // namespace kiln::cache
