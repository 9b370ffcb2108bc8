// PinSet: blobs this process is in the middle of using (written but not yet
// referenced by a manifest, or being streamed out). The evictor skips them.
//
// Single-call reads and writes need no pin: each runs in one SQLite
// transaction, which eviction cannot cut in half. Pins cover work that spans
// several calls. They are per process; across processes the same guarantee
// comes from putAction checking, inside its transaction, that every blob it
// names is still stored.
#pragma once

#include <mutex>
#include <unordered_map>

#include "cache/digest.h"

namespace kiln::cache {

class PinSet {
 public:
  class Pin {
   public:
    Pin() = default;
    Pin(PinSet *set, Digest digest) : set_(set), digest_(digest) {}
    Pin(Pin &&other) noexcept : set_(other.set_), digest_(other.digest_) { other.set_ = nullptr; }
    Pin &operator=(Pin &&other) noexcept {
      if (this != &other) {
        release();
        set_ = other.set_;
        digest_ = other.digest_;
        other.set_ = nullptr;
      }
      return *this;
    }
    ~Pin() { release(); }

   private:
    void release() {
      if (set_ != nullptr) set_->unpin(digest_);
      set_ = nullptr;
    }
    PinSet *set_ = nullptr;
    Digest digest_;
  };

  Pin pin(const Digest &digest) {
    std::lock_guard lock(mutex_);
    ++counts_[digest];
    return Pin(this, digest);
  }

  bool pinned(const Digest &digest) const {
    std::lock_guard lock(mutex_);
    return counts_.count(digest) != 0;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return counts_.size();
  }

 private:
  void unpin(const Digest &digest) {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(digest);
    if (it != counts_.end() && --it->second == 0) counts_.erase(it);
  }

  mutable std::mutex mutex_;
  std::unordered_map<Digest, int, DigestHash> counts_;
};

}  // namespace kiln::cache
