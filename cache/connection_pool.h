// ConnectionPool: connections to one database, each used by one thread at a
// time. SQLite connections are cheap to keep and expensive to open (schema
// parse, WAL index map), so the pool keeps them and hands them out.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "cache/sqlite_connection.h"

namespace kiln::cache {

class ConnectionPool {
 public:
  using Factory = std::function<Expected<std::unique_ptr<Connection>>()>;

  ConnectionPool(Factory factory, std::size_t max_connections)
      : factory_(std::move(factory)), max_(max_connections == 0 ? 1 : max_connections) {}

  class Lease {
   public:
    Lease(ConnectionPool *pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease &&) noexcept = default;
    ~Lease() {
      if (connection_) pool_->giveBack(std::move(connection_));
    }
    Connection &operator*() { return *connection_; }
    Connection *operator->() { return connection_.get(); }

   private:
    ConnectionPool *pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An idle connection, a new one while under the limit, or else waits.
  Expected<Lease> acquire();

  // Adds an already-open connection (the one that ran the migration).
  void adopt(std::unique_ptr<Connection> connection);

 private:
  void giveBack(std::unique_ptr<Connection> connection);

  Factory factory_;
  std::size_t max_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace kiln::cache
