// A thin RAII layer over one sqlite3 connection: prepared statements cached
// per connection, transactions that roll back unless committed, and SQLite
// result codes turned into CacheErrors that name the database file.
//
// A Connection is used by one thread at a time (the pool hands it out), so it
// is opened with SQLITE_OPEN_NOMUTEX and does no locking of its own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cache/expected.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kiln::cache {

class Connection;

// A cached prepared statement in use. Resets itself when it goes out of
// scope so the next user starts from a clean, unbound statement.
class Statement {
 public:
  Statement(sqlite3_stmt *stmt, Connection &connection) : stmt_(stmt), connection_(&connection) {}
  Statement(Statement &&other) noexcept;
  Statement(const Statement &) = delete;
  ~Statement();

  Statement &bind(int index, std::int64_t value);
  Statement &bindBlob(int index, std::string_view bytes);
  Statement &bindText(int index, std::string_view text);

  // Runs one step: true when a row is ready, false when the statement is done.
  Expected<bool> step();
  // Runs to completion, ignoring rows.
  Status run();

  std::int64_t columnInt(int index) const;
  std::string_view columnBlob(int index) const;
  bool columnIsNull(int index) const;

 private:
  sqlite3_stmt *stmt_;
  Connection *connection_;
};

struct ConnectionOptions {
  bool read_only = false;
  bool create_if_missing = true;
  int busy_timeout_ms = 10000;
  bool synchronous_full = false;
  std::int64_t max_db_bytes = 0;  // 0: no cap; else PRAGMA max_page_count
  std::int64_t page_cache_bytes = 32LL << 20;  // per connection
};

class Connection {
 public:
  static Expected<std::unique_ptr<Connection>> open(const std::string &path,
                                                    const ConnectionOptions &options);
  ~Connection();
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;

  // Runs SQL with no parameters (pragmas, DDL, BEGIN/COMMIT).
  Status exec(const char *sql);
  // Returns the statement for `sql`, preparing it on first use. `sql` must
  // outlive the connection: the cache is keyed by the pointer.
  Expected<Statement> statement(const char *sql);
  // Runs a query that yields one integer (pragmas, counts).
  Expected<std::int64_t> queryInt(const char *sql);

  // The CacheError for SQLite result code `rc` while doing `what`.
  CacheError error(int rc, std::string_view what) const;

  const std::string &path() const { return path_; }
  bool readOnly() const { return options_.read_only; }
  sqlite3 *handle() { return db_; }

 private:
  Connection(sqlite3 *db, std::string path, ConnectionOptions options)
      : db_(db), path_(std::move(path)), options_(options) {}

  sqlite3 *db_;
  std::string path_;
  ConnectionOptions options_;
  std::unordered_map<const char *, sqlite3_stmt *> statements_;
};

// A transaction that rolls back on scope exit unless committed. Writers use
// kImmediate so they queue on the busy handler up front instead of failing
// with SQLITE_BUSY when a read lock cannot be upgraded.
class Transaction {
 public:
  enum class Kind { kRead, kImmediate };
  static Expected<Transaction> begin(Connection &connection, Kind kind);
  Transaction(Transaction &&other) noexcept : connection_(other.connection_) {
    other.connection_ = nullptr;
  }
  Transaction(const Transaction &) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Connection &connection) : connection_(&connection) {}
  Connection *connection_;
};

}  // namespace kiln::cache
