// The results kilnd answered most recently, in memory, by direct key. A
// repeat request is then served without SQLite, without decompressing and
// without re-verifying blobs (they were verified when first read or
// produced), which is most of a hit's server-side cost. Bounded by bytes,
// least recently used out first.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/compile_request.h"
#include "core/compile_result.h"

namespace kiln::server {

struct HotResult {
  CompileResult result;
  std::vector<std::string> digests;  // of result.artifacts, same order
  std::string worker;
  std::string key;  // hex of the key it was found or stored under
};

class HotResults {
 public:
  explicit HotResults(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const HotResult> find(const std::string &direct_key);
  void insert(const std::string &direct_key, std::shared_ptr<const HotResult> result);
  std::size_t bytes() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const HotResult>>;
  static std::size_t sizeOf(const HotResult &result);

  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
  std::size_t max_bytes_;
};

}  // namespace kiln::server
