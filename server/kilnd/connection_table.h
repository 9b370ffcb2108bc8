// The TCP connections the accept loop handed to gRPC, so they can be
// counted (--max-connections) and named. gRPC says nothing when it closes a
// connection it was given by descriptor, so a connection counts as live
// while its descriptor number still names the same socket (same device and
// inode, checked with fstat): exact, since a socket's inode is unique while
// it is open and gRPC closes the descriptor when the connection ends.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <string>
#include <unordered_map>

namespace kiln::server {

class ConnectionTable {
 public:
  // `fd` was just handed over; `peer` is its address ("ipv4:1.2.3.4:5").
  void add(int fd, std::string peer);
  // Upper bound on live connections, without checking (cheap).
  size_t tracked() const;
  // Forgets connections gRPC has closed, and counts the rest (O(tracked)).
  size_t live();
  // The address of the connection gRPC calls "fd:<fd>" (its peer string for
  // connections given by descriptor); "" when unknown or closed.
  std::string peerOf(int fd) const;

 private:
  struct Entry {
    dev_t dev;
    ino_t ino;
    std::string peer;
  };
  static bool stillOpen(int fd, const Entry &entry);

  mutable std::mutex mu_;
  std::unordered_map<int, Entry> entries_;  // by descriptor: a reused number replaces its old entry
};

}  // namespace kiln::server
