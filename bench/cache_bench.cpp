// Artifact cache benchmarks against raw SQLite, the floor, in the same run.
//
//   raw_sqlite/get_4k      prepared SELECT of a 4 KiB BLOB by primary key
//   raw_sqlite/get_action_join_4k  manifest row + 4 KiB blob by one JOIN
//   cache/get_blob_4k      ArtifactCache::getBlob: + SHA-256 verify, access log
//   cache/get_blob_4k_zstd the same for a compressible 4 KiB artifact
//   cache/get_action_4k    ArtifactCache::getAction: manifest + one 4 KiB blob
//   sha256/4k              the verification alone
//   manifest/parse         decoding a one-artifact manifest
//   raw_sqlite/put_4k_batch100  INSERTs, 100 per transaction
//   cache/put_blobs_4k_batch100 ArtifactCache::putBlobs, 100 per call
//   cache/put_action_4k    one putAction per transaction
//
// Every store runs in WAL mode with synchronous=NORMAL, 16 KiB pages and a
// 32 MiB page cache, like the cache.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cache/artifact_cache.h"

namespace {

constexpr int kEntries = 2000;
constexpr std::size_t kSize = 4096;

std::string randomBytes(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(kSize, '\0');
  for (char &c : out) c = static_cast<char>(rng());
  return out;
}

// 4 KiB of real kernel text (the shared examples, concatenated), made
// unique per seed: the compressible case.
std::string kernelBytes(std::uint64_t seed) {
  static const std::string corpus = [] {
    std::string all;
    for (const auto &entry : std::filesystem::directory_iterator(KILN_SHARED_DIR "/examples")) {
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      all += text.str();
    }
    while (all.size() < 2 * kSize) all += all;
    return all;
  }();
  std::string out = "// artifact " + std::to_string(seed) + "\n";
  out += corpus.substr(seed % kSize, kSize - out.size());
  return out;
}

std::string tempPath(const char *name) {
  auto dir = std::filesystem::temp_directory_path() / "kiln-cache-bench";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  for (const char *suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

// --- raw SQLite floor -------------------------------------------------------

struct RawStore {
  sqlite3 *db = nullptr;
  explicit RawStore(const char *name) {
    sqlite3_open(tempPath(name).c_str(), &db);
    sqlite3_exec(db,
                 "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                 "PRAGMA cache_size=-32768;"
                 "CREATE TABLE t(k BLOB PRIMARY KEY, v BLOB NOT NULL)",
                 nullptr, nullptr, nullptr);
  }
  ~RawStore() { sqlite3_close(db); }
};

void rawInsert(sqlite3 *db, sqlite3_stmt *stmt, const std::string &key, const std::string &value) {
  sqlite3_bind_blob(stmt, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
  sqlite3_bind_blob(stmt, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  sqlite3_step(stmt);
  sqlite3_reset(stmt);
  (void)db;
}

void BM_RawSqliteGet(benchmark::State &state) {
  RawStore store("raw-get.db");
  std::vector<std::string> keys;
  sqlite3_stmt *insert;
  sqlite3_prepare_v2(store.db, "INSERT INTO t VALUES (?1, ?2)", -1, &insert, nullptr);
  sqlite3_exec(store.db, "BEGIN", nullptr, nullptr, nullptr);
  for (int i = 0; i < kEntries; ++i) {
    std::string value = randomBytes(i);
    keys.emplace_back(kiln::cache::Digest::of(value).raw());
    rawInsert(store.db, insert, keys.back(), value);
  }
  sqlite3_exec(store.db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(insert);
  sqlite3_stmt *select;
  sqlite3_prepare_v2(store.db, "SELECT v FROM t WHERE k = ?1", -1, &select, nullptr);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string &key = keys[(i++ * 7919) % keys.size()];
    sqlite3_bind_blob(select, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    if (sqlite3_step(select) != SQLITE_ROW) state.SkipWithError("raw miss");
    std::string value(static_cast<const char *>(sqlite3_column_blob(select, 0)),
                      static_cast<std::size_t>(sqlite3_column_bytes(select, 0)));
    benchmark::DoNotOptimize(value);
    sqlite3_reset(select);
  }
  sqlite3_finalize(select);
}
BENCHMARK(BM_RawSqliteGet)->Name("raw_sqlite/get_4k")->UseRealTime();

void BM_RawSqlitePutBatch(benchmark::State &state) {
  RawStore store("raw-put.db");
  sqlite3_stmt *insert;
  sqlite3_prepare_v2(store.db, "INSERT OR IGNORE INTO t VALUES (?1, ?2)", -1, &insert, nullptr);
  std::uint64_t seed = 0;
  for (auto _ : state) {
    sqlite3_exec(store.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int j = 0; j < 100; ++j) {
      state.PauseTiming();
      std::string value = randomBytes(++seed);
      std::string key = "k" + std::to_string(seed);
      state.ResumeTiming();
      rawInsert(store.db, insert, key, value);
    }
    sqlite3_exec(store.db, "COMMIT", nullptr, nullptr, nullptr);
  }
  state.SetItemsProcessed(state.iterations() * 100);
  sqlite3_finalize(insert);
}
BENCHMARK(BM_RawSqlitePutBatch)->Name("raw_sqlite/put_4k_batch100")->UseRealTime();

// The action lookup's floor: a manifest row and its 4 KiB blob fetched by
// one JOIN, in tables shaped like the cache's, with no decoding or checks.
void BM_RawSqliteGetAction(benchmark::State &state) {
  RawStore store("raw-action.db");
  sqlite3_exec(store.db,
               "CREATE TABLE a(id INTEGER PRIMARY KEY, key BLOB UNIQUE, manifest BLOB);"
               "CREATE TABLE b(id INTEGER PRIMARY KEY, digest BLOB UNIQUE, data BLOB);"
               "CREATE TABLE l(blob_id INTEGER, action_id INTEGER, PRIMARY KEY(blob_id, action_id))"
               " WITHOUT ROWID; CREATE INDEX l_a ON l(action_id);",
               nullptr, nullptr, nullptr);
  std::vector<std::string> keys;
  sqlite3_exec(store.db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt *ia, *ib, *il;
  sqlite3_prepare_v2(store.db, "INSERT INTO a(id, key, manifest) VALUES (?1, ?2, ?3)", -1, &ia, nullptr);
  sqlite3_prepare_v2(store.db, "INSERT INTO b(id, digest, data) VALUES (?1, ?2, ?3)", -1, &ib, nullptr);
  sqlite3_prepare_v2(store.db, "INSERT INTO l VALUES (?1, ?1)", -1, &il, nullptr);
  std::string manifest(380, 'm');
  for (int i = 1; i <= kEntries; ++i) {
    std::string value = randomBytes(i);
    keys.emplace_back(kiln::cache::Digest::of("key" + std::to_string(i)).raw());
    std::string digest(kiln::cache::Digest::of(value).raw());
    sqlite3_bind_int(ia, 1, i);
    sqlite3_bind_blob(ia, 2, keys.back().data(), 32, SQLITE_STATIC);
    sqlite3_bind_blob(ia, 3, manifest.data(), static_cast<int>(manifest.size()), SQLITE_STATIC);
    sqlite3_step(ia);
    sqlite3_reset(ia);
    sqlite3_bind_int(ib, 1, i);
    sqlite3_bind_blob(ib, 2, digest.data(), 32, SQLITE_STATIC);
    sqlite3_bind_blob(ib, 3, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    sqlite3_step(ib);
    sqlite3_reset(ib);
    sqlite3_bind_int(il, 1, i);
    sqlite3_step(il);
    sqlite3_reset(il);
  }
  sqlite3_exec(store.db, "COMMIT", nullptr, nullptr, nullptr);
  for (sqlite3_stmt *s : {ia, ib, il}) sqlite3_finalize(s);
  sqlite3_stmt *select;
  sqlite3_prepare_v2(store.db,
                     "SELECT a.manifest, b.data FROM a LEFT JOIN l ON l.action_id = a.id "
                     "LEFT JOIN b ON b.id = l.blob_id WHERE a.key = ?1",
                     -1, &select, nullptr);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string &key = keys[(i++ * 7919) % keys.size()];
    sqlite3_bind_blob(select, 1, key.data(), 32, SQLITE_STATIC);
    if (sqlite3_step(select) != SQLITE_ROW) state.SkipWithError("raw miss");
    std::string m(static_cast<const char *>(sqlite3_column_blob(select, 0)),
                  static_cast<std::size_t>(sqlite3_column_bytes(select, 0)));
    std::string value(static_cast<const char *>(sqlite3_column_blob(select, 1)),
                      static_cast<std::size_t>(sqlite3_column_bytes(select, 1)));
    benchmark::DoNotOptimize(m);
    benchmark::DoNotOptimize(value);
    sqlite3_reset(select);
  }
  sqlite3_finalize(select);
}
BENCHMARK(BM_RawSqliteGetAction)->Name("raw_sqlite/get_action_join_4k")->UseRealTime();

// --- kiln's cache -----------------------------------------------------------

std::unique_ptr<kiln::cache::ArtifactCache> openCache(const char *name) {
  kiln::cache::CacheConfig config;
  config.path = tempPath(name);
  config.max_bytes = 0;
  auto cache = kiln::cache::ArtifactCache::open(config);
  if (!cache) return nullptr;
  return std::move(cache).value();
}

void getBlob(benchmark::State &state, std::string (*make)(std::uint64_t), const char *name) {
  auto cache = openCache(name);
  std::vector<kiln::cache::Digest> digests;
  for (int i = 0; i < kEntries; ++i) digests.push_back(*cache->putBlob(make(i)));
  std::size_t i = 0;
  for (auto _ : state) {
    auto got = cache->getBlob(digests[(i++ * 7919) % digests.size()]);
    if (!got || !got->has_value()) state.SkipWithError("cache miss");
    benchmark::DoNotOptimize(got);
  }
}

void BM_CacheGetBlob(benchmark::State &state) { getBlob(state, randomBytes, "get-blob.db"); }
BENCHMARK(BM_CacheGetBlob)->Name("cache/get_blob_4k")->UseRealTime();

void BM_CacheGetBlobZstd(benchmark::State &state) { getBlob(state, kernelBytes, "get-zstd.db"); }
BENCHMARK(BM_CacheGetBlobZstd)->Name("cache/get_blob_4k_zstd")->UseRealTime();

kiln::cache::Manifest manifestFor(const std::string &bytes) {
  kiln::cache::Manifest m;
  m.blobs.push_back({kiln::cache::Digest::of(bytes), static_cast<std::int64_t>(bytes.size())});
  // A record the size of a typical compile's (diagnostics, timings, launch
  // metadata): the cache keeps it as opaque bytes.
  m.record = std::string(400, 'r');
  return m;
}

void BM_CacheGetAction(benchmark::State &state) {
  auto cache = openCache("get-action.db");
  std::vector<kiln::cache::Digest> keys;
  for (int i = 0; i < kEntries; ++i) {
    std::string bytes = randomBytes(i);
    std::string_view blobs[] = {bytes};
    keys.push_back(kiln::cache::Digest::of("key" + std::to_string(i)));
    (void)cache->putAction(keys.back(), manifestFor(bytes), blobs);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    auto hit = cache->getAction(keys[(i++ * 7919) % keys.size()]);
    if (!hit || !hit->has_value()) state.SkipWithError("cache miss");
    benchmark::DoNotOptimize(hit);
  }
}
BENCHMARK(BM_CacheGetAction)->Name("cache/get_action_4k")->UseRealTime();

void BM_Sha256(benchmark::State &state) {
  std::string bytes = randomBytes(1);
  for (auto _ : state) benchmark::DoNotOptimize(kiln::cache::Digest::of(bytes));
}
BENCHMARK(BM_Sha256)->Name("sha256/4k")->UseRealTime();

void BM_ManifestParse(benchmark::State &state) {
  std::string text = kiln::cache::serializeManifest(manifestFor(randomBytes(1)));
  for (auto _ : state) benchmark::DoNotOptimize(kiln::cache::parseManifest(text));
}
BENCHMARK(BM_ManifestParse)->Name("manifest/parse")->UseRealTime();

void BM_CachePutBlobsBatch(benchmark::State &state) {
  auto cache = openCache("put-blobs.db");
  std::uint64_t seed = 1000000;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<std::string> batch;
    for (int j = 0; j < 100; ++j) batch.push_back(randomBytes(++seed));
    std::vector<std::string_view> views(batch.begin(), batch.end());
    state.ResumeTiming();
    if (!cache->putBlobs(views)) state.SkipWithError("put failed");
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_CachePutBlobsBatch)->Name("cache/put_blobs_4k_batch100")->UseRealTime();

void BM_CachePutAction(benchmark::State &state) {
  auto cache = openCache("put-action.db");
  std::uint64_t seed = 2000000;
  for (auto _ : state) {
    state.PauseTiming();
    std::string bytes = randomBytes(++seed);
    std::string_view blobs[] = {bytes};
    kiln::cache::Digest key = kiln::cache::Digest::of("key" + std::to_string(seed));
    kiln::cache::Manifest m = manifestFor(bytes);
    state.ResumeTiming();
    if (!cache->putAction(key, m, blobs)) state.SkipWithError("put failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CachePutAction)->Name("cache/put_action_4k")->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
