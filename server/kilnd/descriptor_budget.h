// How many more descriptors the accept loop may take while leaving a
// reserve free for everything else kilnd does (gRPC's own pipes, eventfds and
// timers, the cache's files, the local worker's socket): those must never
// see EMFILE, since gRPC 1.51 gives up a listener for good when accept4
// fails with it (grpc/grpc#20418) and fails calls when it cannot open what
// they need.
#pragma once

#include <chrono>

namespace kiln::server {

class DescriptorBudget {
 public:
  // `reserve`: descriptors to leave free under the soft RLIMIT_NOFILE; at
  // most half the limit, so a tiny limit still leaves room to accept.
  explicit DescriptorBudget(int reserve) : reserve_(reserve) {}

  // Whether one more descriptor may be taken now. Counts /proc/self/fd
  // against the soft limit when the last count is spent or 100 ms old
  // (others open descriptors too), so a burst of accepts costs one count.
  bool mayTake();
  // One was taken (accepted).
  void took() { --remaining_; }

  // The last count, for the log: descriptors open and the soft limit (-1: unlimited).
  long open() const { return open_; }
  long limit() const { return limit_; }

 private:
  void recount();

  int reserve_;
  long remaining_ = 0;
  long open_ = 0;
  long limit_ = -1;
  std::chrono::steady_clock::time_point counted_{};
};

}  // namespace kiln::server
