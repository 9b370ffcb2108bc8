#include "tests/cache/cache_test_support.h"

#include <sqlite3.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

#include "tests/support/test_files.h"

namespace kiln::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kiln-cache-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string rawSql(const std::string &path, const std::string &sql) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
    throw std::runtime_error("cannot open " + path);
  sqlite3_busy_timeout(db, 30000);
  std::string first;
  auto callback = [](void *out, int columns, char **values, char **) {
    auto *result = static_cast<std::string *>(out);
    if (result->empty() && columns > 0 && values[0] != nullptr) *result = values[0];
    return 0;
  };
  char *error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), callback, &first, &error);
  std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("rawSql(" + sql + "): " + message);
  return first;
}

std::vector<std::string> exampleTexts() {
  std::vector<std::string> texts;
  for (const std::filesystem::path &file : allExamples()) texts.push_back(readFile(file));
  if (texts.empty()) throw std::runtime_error("no example kernels found");
  return texts;
}

std::string bytesFor(std::uint64_t seed, std::size_t size) {
  std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ULL + size);
  std::string out(size, '\0');
  for (char &c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

cache::CacheConfig testConfig(const std::string &path) {
  cache::CacheConfig config;
  config.path = path;
  config.background_maintenance = false;
  return config;
}

cache::Manifest manifestFor(const std::string &name, const std::string &bytes) {
  cache::Manifest manifest;
  manifest.blobs.push_back({cache::Digest::of(bytes), static_cast<std::int64_t>(bytes.size())});
  // The record is the caller's: any bytes, kept as they are.
  manifest.record = std::string("record of ") + name + std::string("\0\xff binary", 9);
  return manifest;
}

}  // namespace kiln::test
