// Helpers for the cache tests: a private temporary folder, raw SQLite access
// for tampering with a database behind the cache's back, and test blobs made
// from the shared example kernels.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cache/artifact_cache.h"

namespace kiln::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path &path() const { return path_; }
  std::string file(const std::string &name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs `sql` on the database at `path` with a plain sqlite3 connection and
// returns the first column of the first row (or "" when there is none).
std::string rawSql(const std::string &path, const std::string &sql);

// The shared and local example kernels' texts: real artifacts-to-be.
std::vector<std::string> exampleTexts();

// Deterministic pseudo-random bytes: the same (seed, size) always gives the
// same content, so any process can check what another one wrote.
std::string bytesFor(std::uint64_t seed, std::size_t size);

// A config for tests: background maintenance off, so timing is decided by
// the test; a fake clock when `clock` is given.
cache::CacheConfig testConfig(const std::string &path);

// A manifest for one blob with `bytes`, and an opaque record naming `name`.
cache::Manifest manifestFor(const std::string &name, const std::string &bytes);

}  // namespace kiln::test
