// ArtifactCache: action lookups and stores.
#include <algorithm>
#include <map>

#include "cache/cache_log.h"

#include "cache/action_rows.h"
#include "cache/artifact_cache.h"
#include "cache/eviction.h"

namespace kiln::cache {
namespace {

// What a lookup found wrong with a stored action, if anything.
struct ActionDamage {
  bool bad_manifest = false;
  bool missing_blob = false;
  // Written by a kiln before manifest v3: dropped and recompiled, not damage.
  bool outdated_manifest = false;
  std::int64_t corrupt_blob_id = 0;
  Digest corrupt_blob;
};

}  // namespace

Expected<std::optional<ActionHit>> ArtifactCache::getAction(const Digest &key, Lookup lookup) {
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Connection &connection = **lease;
  Expected<std::optional<ActionSnapshot>> snapshot = readActionSnapshot(connection, key);
  if (!snapshot) return snapshot.error();
  if (!*snapshot) {
    if (lookup == Lookup::kCounted) access_log_.count(Counter::kMisses);
    return std::optional<ActionHit>();
  }
  ActionHit hit;
  ActionDamage damage;
  std::int64_t action_id = (*snapshot)->action.id;
  std::optional<Manifest> manifest = parseManifest((*snapshot)->action.manifest);
  if (!manifest && isOutdatedManifest((*snapshot)->action.manifest)) {
    damage.outdated_manifest = true;
  } else if (!manifest) {
    damage.bad_manifest = true;
  } else {
    hit.manifest = std::move(*manifest);
    auto &blobs = (*snapshot)->blobs;
    for (const ManifestBlob &artifact : hit.manifest.blobs) {
      auto it = std::find_if(blobs.begin(), blobs.end(),
                             [&](const auto &blob) { return blob.first == artifact.digest; });
      if (it == blobs.end()) {
        damage.missing_blob = true;
        break;
      }
      BlobRead &read = it->second;
      if (read.outcome == BlobRead::Outcome::kCorrupt) {
        damage.corrupt_blob_id = read.id;
        damage.corrupt_blob = artifact.digest;
        break;
      }
      if (static_cast<std::int64_t>(read.bytes.size()) != artifact.size) {
        damage.bad_manifest = true;
        break;
      }
      // Two artifacts may name the same bytes: the first takes them, a
      // repeat copies from the first.
      auto same = std::find_if(hit.manifest.blobs.begin(), hit.manifest.blobs.end(),
                               [&](const ManifestBlob &a) { return a.digest == artifact.digest; });
      std::size_t first = static_cast<std::size_t>(same - hit.manifest.blobs.begin());
      if (first < hit.artifacts.size())
        hit.artifacts.push_back(hit.artifacts[first]);
      else
        hit.artifacts.push_back(std::move(read.bytes));
    }
  }

  if (damage.corrupt_blob_id != 0) {
    // Dropping the blob drops this action (and any other naming it) too.
    dropCorruptBlob(connection, damage.corrupt_blob, damage.corrupt_blob_id);
  } else if (damage.bad_manifest || damage.missing_blob || damage.outdated_manifest) {
    if (damage.bad_manifest) {
      access_log_.count(Counter::kCorruptions);
      cacheLog().error("kiln cache {}: action {} has a damaged manifest; dropped", config_.path,
                    key.hex());
    }
    if (!config_.read_only) {
      if (Status s = deleteActionRow(connection, action_id); !s)
        cacheLog().error("kiln cache {}: could not drop action {}: {}", config_.path, key.hex(),
                      s.error().message);
    }
  }
  if (damage.corrupt_blob_id != 0 || damage.bad_manifest || damage.missing_blob || damage.outdated_manifest) {
    if (lookup == Lookup::kCounted) access_log_.count(Counter::kMisses);
    return std::optional<ActionHit>();
  }

  std::int64_t t = now();
  access_log_.touchAction(key, t);
  for (const ManifestBlob &artifact : hit.manifest.blobs)
    access_log_.touchBlob(artifact.digest, t);
  access_log_.count(Counter::kHits);
  return std::optional<ActionHit>(std::move(hit));
}

Status ArtifactCache::putAction(const Digest &key, const Manifest &manifest,
                                std::span<const std::string_view> new_blobs) {
  if (std::optional<CacheError> refused = refuseWrite(new_blobs)) return *refused;
  std::map<Digest, std::pair<std::string_view, EncodedBlob>> blobs;
  for (std::string_view bytes : new_blobs) {
    Digest digest = Digest::of(bytes);
    if (!blobs.count(digest)) blobs.emplace(digest, std::pair{bytes, encodeBlob(bytes, config_.zstd_level)});
  }
  for (const ManifestBlob &artifact : manifest.blobs) {
    auto it = blobs.find(artifact.digest);
    if (it != blobs.end() && static_cast<std::int64_t>(it->second.first.size()) != artifact.size)
      return CacheError{CacheErrc::kInvalidArgument,
                        "manifest gives blob " + artifact.digest.hex() + " a size of " +
                            std::to_string(artifact.size) + " bytes but its blob has " +
                            std::to_string(it->second.first.size())};
  }
  std::string text = serializeManifest(manifest);

  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Connection &connection = **lease;
  Expected<Transaction> txn = Transaction::begin(connection, Transaction::Kind::kImmediate);
  if (!txn) return txn.error();
  std::int64_t t = now();
  std::map<Digest, std::int64_t> ids;
  for (const auto &[digest, blob] : blobs) {
    Expected<std::int64_t> id = insertBlobRow(connection, digest, blob.first, blob.second, t);
    if (!id) return id.error();
    ids[digest] = *id;
  }
  std::vector<std::int64_t> artifact_ids;
  for (const ManifestBlob &artifact : manifest.blobs) {
    auto it = ids.find(artifact.digest);
    if (it != ids.end()) {
      artifact_ids.push_back(it->second);
      continue;
    }
    Expected<std::optional<std::int64_t>> id = findBlobRow(connection, artifact.digest);
    if (!id) return id.error();
    if (!*id)
      return CacheError{CacheErrc::kMissingBlob,
                        "manifest names blob " + artifact.digest.hex() +
                            " but its bytes were neither given nor stored; nothing was written"};
    artifact_ids.push_back(**id);
  }
  if (Status s = writeActionRow(connection, key, text, artifact_ids, t); !s) return s;
  Expected<std::int64_t> stored = readCounter(connection, "stored_bytes");
  if (!stored) return stored.error();
  if (Status s = txn->commit(); !s) return s;
  for (const ManifestBlob &artifact : manifest.blobs)
    access_log_.touchBlob(artifact.digest, t);
  if (config_.max_bytes > 0 && *stored > config_.max_bytes) wakeMaintenance();
  return {};
}

Expected<bool> ArtifactCache::containsAction(const Digest &key) {
  Expected<ConnectionPool::Lease> lease = pool_->acquire();
  if (!lease) return lease.error();
  Expected<std::optional<ActionRow>> row = readActionRow(**lease, key);
  if (!row) return row.error();
  return row->has_value();
}

}  // namespace kiln::cache
