// Eviction: least-recently-used first, within a byte budget and a maximum
// age. Blobs and actions compete in one LRU order by their access times;
// deleting a blob deletes the actions that name it (a schema trigger).
//
// Work is done in small IMMEDIATE transactions so a writer in another thread
// or process never waits long, and readers (WAL) never wait at all.
#pragma once

#include <cstdint>

#include "cache/pin_set.h"
#include "cache/sqlite_connection.h"

namespace kiln::cache {

struct EvictionLimits {
  std::int64_t max_bytes = 0;   // 0: no byte budget
  std::int64_t max_age_ms = 0;  // 0: no age limit
  // Evicting down to a little under the budget leaves room for the next
  // puts, so eviction does not run again after every single put.
  double low_water = 0.9;
  int batch_size = 64;  // rows per transaction
};

struct EvictionReport {
  std::int64_t entries_evicted = 0;  // blobs and actions, cascades included
  std::int64_t bytes_freed = 0;
  bool budget_met = true;  // false when pinned entries kept us above budget
};

Expected<EvictionReport> evict(Connection &connection, const EvictionLimits &limits,
                               std::int64_t now_ms, const PinSet &pins);

// Reads one value of the `counters` table.
Expected<std::int64_t> readCounter(Connection &connection, const char *name);

}  // namespace kiln::cache
