// The target names kilnd has heard of: every target a worker's backends
// know, as workers advertise them in Hello (Capabilities.known_targets).
// kilnd keeps no vendor table of its own, so a new backend's targets need
// no change here: "unknown target" means no worker that ever connected
// knows the name, and "no worker" means one knows it but none serves it now.
#pragma once

#include <mutex>
#include <set>
#include <string>

namespace kiln::server {

class KnownTargets {
 public:
  void add(const std::set<std::string> &targets) {
    std::lock_guard lock(mutex_);
    targets_.insert(targets.begin(), targets.end());
  }
  bool empty() const {
    std::lock_guard lock(mutex_);
    return targets_.empty();
  }
  bool contains(const std::string &target) const {
    std::lock_guard lock(mutex_);
    return targets_.count(target) != 0;
  }
  // "sm_75, sm_80, ..." for an error message; "none" before any worker came.
  std::string list() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const std::string &t : targets_) out += (out.empty() ? "" : ", ") + t;
    return out.empty() ? "none (no worker has connected yet)" : out;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> targets_;
};

}  // namespace kiln::server
