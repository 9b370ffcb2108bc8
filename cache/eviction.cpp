#include "cache/eviction.h"

#include <algorithm>
#include <vector>

#include "cache/action_rows.h"
#include "cache/blob_rows.h"

namespace kiln::cache {
namespace {

struct Candidate {
  std::int64_t accessed_ms;
  bool is_blob;
  std::int64_t id;
  Digest digest;
};

// The oldest `limit` blobs and actions, merged into one LRU order.
Expected<std::vector<Candidate>> oldest(Connection &connection, int limit,
                                        std::int64_t older_than_ms) {
  static constexpr const char *kBlobs =
      "SELECT accessed_ms, id, digest FROM blobs WHERE accessed_ms < ?1 "
      "ORDER BY accessed_ms, id LIMIT ?2";
  static constexpr const char *kActions =
      "SELECT accessed_ms, id, key FROM actions WHERE accessed_ms < ?1 "
      "ORDER BY accessed_ms, id LIMIT ?2";
  std::vector<Candidate> out;
  for (const char *sql : {kBlobs, kActions}) {
    Expected<Statement> stmt = connection.statement(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, older_than_ms).bind(2, limit);
    while (true) {
      Expected<bool> row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      std::string_view raw = stmt->columnBlob(2);
      Candidate c{stmt->columnInt(0), sql == kBlobs, stmt->columnInt(1), {}};
      if (std::optional<Digest> d = Digest::fromRaw(raw.data(), raw.size())) c.digest = *d;
      out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end(), [](const Candidate &a, const Candidate &b) {
    return a.accessed_ms != b.accessed_ms ? a.accessed_ms < b.accessed_ms : a.is_blob > b.is_blob;
  });
  return out;
}

Status deleteCandidate(Connection &connection, const Candidate &c) {
  return c.is_blob ? deleteBlobRow(connection, c.id) : deleteActionRow(connection, c.id);
}

Expected<std::int64_t> entryCount(Connection &connection) {
  Expected<std::int64_t> blobs = readCounter(connection, "blob_count");
  if (!blobs) return blobs;
  Expected<std::int64_t> actions = readCounter(connection, "action_count");
  if (!actions) return actions;
  return *blobs + *actions;
}

// One transaction: deletes candidates older than `older_than_ms`, oldest
// first, until `stop_at_bytes` is reached (or the batch runs out). Returns
// the number of entries deleted, cascades included.
Expected<std::int64_t> evictBatch(Connection &connection, const EvictionLimits &limits,
                                  std::int64_t older_than_ms, std::int64_t stop_at_bytes,
                                  const PinSet &pins, EvictionReport &report) {
  Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kImmediate);
  if (!txn) return txn.error();
  Expected<std::int64_t> bytes_before = readCounter(connection, "stored_bytes");
  if (!bytes_before) return bytes_before;
  if (*bytes_before <= stop_at_bytes) return 0;
  Expected<std::int64_t> entries_before = entryCount(connection);
  if (!entries_before) return entries_before;

  int limit = limits.batch_size + static_cast<int>(pins.size());
  Expected<std::vector<Candidate>> candidates = oldest(connection, limit, older_than_ms);
  if (!candidates) return candidates.error();
  std::int64_t bytes = *bytes_before;
  for (const Candidate &c : *candidates) {
    if (bytes <= stop_at_bytes) break;
    if (c.is_blob && pins.pinned(c.digest)) continue;
    if (Status s = deleteCandidate(connection, c); !s) return s.error();
    Expected<std::int64_t> now_bytes = readCounter(connection, "stored_bytes");
    if (!now_bytes) return now_bytes;
    bytes = *now_bytes;
  }
  Expected<std::int64_t> entries_after = entryCount(connection);
  if (!entries_after) return entries_after;
  std::int64_t evicted = *entries_before - *entries_after;
  static constexpr const char *kCount =
      "UPDATE counters SET value = value + ?1 WHERE name = 'evictions'";
  Expected<Statement> count = connection.statement(kCount);
  if (!count) return count.error();
  if (Status s = count->bind(1, evicted).run(); !s) return s.error();
  if (Status s = txn->commit(); !s) return s.error();
  report.entries_evicted += evicted;
  report.bytes_freed += *bytes_before - bytes;
  return evicted;
}

}  // namespace

Expected<std::int64_t> readCounter(Connection &connection, const char *name) {
  static constexpr const char *kSql = "SELECT value FROM counters WHERE name = ?1";
  Expected<Statement> stmt = connection.statement(kSql);
  if (!stmt) return stmt.error();
  stmt->bindText(1, name);
  Expected<bool> row = stmt->step();
  if (!row) return row.error();
  if (!*row) return CacheError{CacheErrc::kCorrupt, "cache database " + connection.path() +
                                                        ": counter '" + name + "' is missing"};
  return stmt->columnInt(0);
}

Expected<EvictionReport> evict(Connection &connection, const EvictionLimits &limits,
                               std::int64_t now_ms, const PinSet &pins) {
  EvictionReport report;
  constexpr std::int64_t kNoTimeLimit = INT64_MAX;
  if (limits.max_age_ms > 0) {
    // Everything last used before the cutoff goes, whatever the budget.
    std::int64_t cutoff = now_ms - limits.max_age_ms;
    while (true) {
      Expected<std::int64_t> n = evictBatch(connection, limits, cutoff, -1, pins, report);
      if (!n) return n.error();
      if (*n == 0) break;
    }
  }
  if (limits.max_bytes > 0) {
    Expected<std::int64_t> bytes = readCounter(connection, "stored_bytes");
    if (!bytes) return bytes.error();
    if (*bytes <= limits.max_bytes) return report;
    auto target = static_cast<std::int64_t>(static_cast<double>(limits.max_bytes) * limits.low_water);
    while (true) {
      Expected<std::int64_t> n = evictBatch(connection, limits, kNoTimeLimit, target, pins, report);
      if (!n) return n.error();
      if (*n == 0) break;
    }
    bytes = readCounter(connection, "stored_bytes");
    if (!bytes) return bytes.error();
    report.budget_met = *bytes <= limits.max_bytes;
  }
  return report;
}

}  // namespace kiln::cache
