#include "cache/access_log.h"

#include <algorithm>

namespace kiln::cache {

const char *counterName(Counter counter) {
  switch (counter) {
    case Counter::kHits: return "hits";
    case Counter::kMisses: return "misses";
    case Counter::kBlobHits: return "blob_hits";
    case Counter::kBlobMisses: return "blob_misses";
    case Counter::kCorruptions: return "corruptions";
    case Counter::kCount: break;
  }
  return "";
}

bool AccessLog::Batch::empty() const {
  return blobs.empty() && actions.empty() &&
         std::all_of(counters.begin(), counters.end(), [](std::int64_t n) { return n == 0; });
}

static void keepNewest(std::unordered_map<Digest, std::int64_t, DigestHash> &map,
                       const Digest &digest, std::int64_t now_ms) {
  auto [it, inserted] = map.try_emplace(digest, now_ms);
  if (!inserted) it->second = std::max(it->second, now_ms);
}

void AccessLog::touchBlob(const Digest &digest, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  keepNewest(batch_.blobs, digest, now_ms);
}

void AccessLog::touchAction(const Digest &key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  keepNewest(batch_.actions, key, now_ms);
}

void AccessLog::count(Counter counter, std::int64_t n) {
  std::lock_guard lock(mutex_);
  batch_.counters[static_cast<int>(counter)] += n;
}

AccessLog::Batch AccessLog::take() {
  std::lock_guard lock(mutex_);
  Batch out;
  std::swap(out, batch_);
  return out;
}

void AccessLog::restore(Batch batch) {
  std::lock_guard lock(mutex_);
  for (const auto &[digest, t] : batch.blobs) keepNewest(batch_.blobs, digest, t);
  for (const auto &[key, t] : batch.actions) keepNewest(batch_.actions, key, t);
  for (std::size_t i = 0; i < batch.counters.size(); ++i) batch_.counters[i] += batch.counters[i];
}

std::array<std::int64_t, static_cast<int>(Counter::kCount)> AccessLog::pendingCounters() const {
  std::lock_guard lock(mutex_);
  return batch_.counters;
}

}  // namespace kiln::cache
