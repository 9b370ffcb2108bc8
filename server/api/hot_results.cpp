#include "server/api/hot_results.h"

namespace kiln::server {

std::size_t HotResults::sizeOf(const HotResult &result) {
  std::size_t bytes = 256;
  for (const Artifact &a : result.result.artifacts) bytes += a.bytes.size() + a.name.size() + 64;
  for (const Diagnostic &d : result.result.diagnostics) bytes += d.message.size() + d.file.size() + 64;
  return bytes;
}

std::shared_ptr<const HotResult> HotResults::find(const std::string &direct_key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(direct_key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void HotResults::insert(const std::string &direct_key, std::shared_ptr<const HotResult> result) {
  std::size_t size = sizeOf(*result);
  if (size > max_bytes_) return;
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(direct_key); it != index_.end()) {
    bytes_ -= sizeOf(*it->second->second);
    order_.erase(it->second);
    index_.erase(it);
  }
  order_.emplace_front(direct_key, std::move(result));
  index_[direct_key] = order_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_ && !order_.empty()) {
    bytes_ -= sizeOf(*order_.back().second);
    index_.erase(order_.back().first);
    order_.pop_back();
  }
}

std::size_t HotResults::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace kiln::server
