// Workers kilnd no longer takes results from: a worker whose artifacts
// disagreed with a second worker's is quarantined by the name of its token,
// so reconnecting does not help it. Held in memory for kilnd's lifetime;
// an operator clears it by restarting kilnd after fixing or revoking the
// token. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <string>

namespace kiln::server {

class Quarantine {
 public:
  /// True when `token` was not quarantined before.
  bool add(const std::string &token) {
    std::lock_guard lock(mutex_);
    return tokens_.insert(token).second;
  }
  bool contains(const std::string &token) const {
    std::lock_guard lock(mutex_);
    return tokens_.count(token) > 0;
  }
  std::set<std::string> tokens() const {
    std::lock_guard lock(mutex_);
    return tokens_;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> tokens_;
};

}  // namespace kiln::server
