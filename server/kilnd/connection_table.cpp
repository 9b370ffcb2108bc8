#include "server/kilnd/connection_table.h"

#include <sys/stat.h>

namespace kiln::server {

bool ConnectionTable::stillOpen(int fd, const Entry &entry) {
  struct stat st {};
  return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_dev == entry.dev && st.st_ino == entry.ino;
}

void ConnectionTable::add(int fd, std::string peer) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return;
  std::lock_guard lock(mu_);
  entries_[fd] = Entry{st.st_dev, st.st_ino, std::move(peer)};
}

size_t ConnectionTable::tracked() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

size_t ConnectionTable::live() {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();)
    it = stillOpen(it->first, it->second) ? std::next(it) : entries_.erase(it);
  return entries_.size();
}

std::string ConnectionTable::peerOf(int fd) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(fd);
  return it != entries_.end() && stillOpen(fd, it->second) ? it->second.peer : std::string();
}

}  // namespace kiln::server
