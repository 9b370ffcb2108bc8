#include "cache/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace kiln::cache {

Statement::Statement(Statement &&other) noexcept
    : stmt_(other.stmt_), connection_(other.connection_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement &Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement &Statement::bindBlob(int index, std::string_view bytes) {
  // SQLITE_STATIC: the caller's bytes outlive the step that reads them.
  sqlite3_bind_blob64(stmt_, index, bytes.empty() ? "" : bytes.data(), bytes.size(),
                      SQLITE_STATIC);
  return *this;
}

Statement &Statement::bindText(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}

Expected<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return connection_->error(rc, sqlite3_sql(stmt_));
}

Status Statement::run() {
  while (true) {
    Expected<bool> row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

std::int64_t Statement::columnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string_view Statement::columnBlob(int index) const {
  const void *data = sqlite3_column_blob(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  if (data == nullptr) return {};
  return {static_cast<const char *>(data), static_cast<std::size_t>(size)};
}

bool Statement::columnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

namespace {

// Runs PRAGMA journal_mode=WAL once: the SQLite result code, and in `mode`
// the journal mode the database is in afterwards.
int switchToWal(sqlite3 *db, std::string &mode) {
  sqlite3_stmt *stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char *text = sqlite3_column_text(stmt, 0);
    mode = text != nullptr ? reinterpret_cast<const char *>(text) : "";
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    mode.clear();
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  return rc;
}

}  // namespace

Expected<std::unique_ptr<Connection>> Connection::open(const std::string &path,
                                                       const ConnectionOptions &options) {
  int flags = SQLITE_OPEN_NOMUTEX;
  if (options.read_only)
    flags |= SQLITE_OPEN_READONLY;
  else
    flags |= SQLITE_OPEN_READWRITE | (options.create_if_missing ? SQLITE_OPEN_CREATE : 0);
  sqlite3 *db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<Connection> connection(new Connection(db, path, options));
  if (rc != SQLITE_OK) {
    if (db == nullptr) return CacheError{CacheErrc::kIo, "out of memory opening " + path};
    if (rc == SQLITE_CANTOPEN)
      return CacheError{CacheErrc::kCantOpen,
                        "cannot open cache database " + path +
                            (options.create_if_missing && !options.read_only
                                 ? ": check that its directory exists and is writable"
                                 : ": no such file, or it is not readable")};
    return connection->error(rc, "open");
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // WAL lets readers run while a writer commits; the hit path never waits
  // on a put or an eviction. The journal mode is stored in the file, so a
  // read-only connection inherits it instead of setting it.
  if (!options.read_only) {
    // 16 KiB pages hold a typical artifact (PTX, a small cubin) in one page
    // instead of an overflow chain: fewer page writes per put, fewer reads
    // per hit. It only takes effect when the file is created, before WAL.
    if (Status s = connection->exec("PRAGMA page_size=16384"); !s) return s.error();
    // ArtifactCache opens under the open lock (open_lock.h), so no other
    // kiln connection is setting this file up now. Other programs (the
    // sqlite3 shell, a backup tool) take no such lock, so two results stay
    // worth waiting out, and only these two, up to the busy timeout:
    //  - SQLITE_BUSY: the switch upgrades a read lock to a write lock, and
    //    SQLite runs no busy handler for an upgrade, so it fails at once
    //    while another connection writes;
    //  - SQLITE_IOERR_DELETE_NOENT: opening a still-empty file, SQLite
    //    deletes a -wal it finds beside it as stale, and fails when
    //    another connection deleted it first. The file is gone either way,
    //    which is what the delete wanted; the retry finds nothing to delete.
    // Any other I/O error is real and is returned. There is no fallback to
    // a rollback journal: readers would then block on every put.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
    std::string mode;
    for (;;) {
      int switched = switchToWal(db, mode);
      if (switched == SQLITE_OK) break;
      bool transient = (switched & 0xff) == SQLITE_BUSY || switched == SQLITE_IOERR_DELETE_NOENT;
      if (!transient || std::chrono::steady_clock::now() >= deadline)
        return connection->error(switched, "PRAGMA journal_mode=WAL");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // The pragma answers with the mode it ended in, which can be the old
    // one without an error (SQLite declines WAL where it has no shared
    // memory): refuse that instead of running without WAL.
    if (mode != "wal")
      return CacheError{CacheErrc::kIo, "cache database " + path + ": SQLite left it in journal mode \"" +
                                            mode + "\" instead of WAL (the file system must support "
                                            "shared memory and locks)"};
  }
  // synchronous=NORMAL in WAL mode: a commit survives any process crash
  // (kill -9 included); only an OS crash or power loss can drop the last
  // few commits, and never corrupt the file. For a cache whose entries can
  // be recompiled that is the right trade for a much faster put. FULL is
  // available from the configuration for hosts that want power-loss
  // durability too.
  if (Status s = connection->exec(options.synchronous_full ? "PRAGMA synchronous=FULL"
                                                           : "PRAGMA synchronous=NORMAL");
      !s)
    return s.error();
  if (Status s = connection->exec("PRAGMA temp_store=MEMORY"); !s) return s.error();
  // SQLite's default page cache (2 MB) makes most hits a pread() once the
  // cache outgrows it; a larger one keeps the hot set in memory.
  std::string cache_size = "PRAGMA cache_size=-" + std::to_string(options.page_cache_bytes / 1024);
  if (Status s = connection->exec(cache_size.c_str()); !s) return s.error();
  if (options.max_db_bytes > 0) {
    Expected<std::int64_t> page_size = connection->queryInt("PRAGMA page_size");
    if (!page_size) return page_size.error();
    std::string cap = "PRAGMA max_page_count=" +
                      std::to_string(std::max<std::int64_t>(1, options.max_db_bytes / *page_size));
    if (Status s = connection->exec(cap.c_str()); !s) return s.error();
  }
  return connection;
}

Connection::~Connection() {
  for (auto &[sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::exec(const char *sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc, sql);
  return {};
}

Expected<Statement> Connection::statement(const char *sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error(rc, sql);
    it = statements_.emplace(sql, stmt).first;
  }
  return Statement(it->second, *this);
}

Expected<std::int64_t> Connection::queryInt(const char *sql) {
  Expected<Statement> stmt = statement(sql);
  if (!stmt) return stmt.error();
  Expected<bool> row = stmt->step();
  if (!row) return row.error();
  if (!*row) return CacheError{CacheErrc::kIo, std::string("no result from ") + sql};
  return stmt->columnInt(0);
}

CacheError Connection::error(int rc, std::string_view what) const {
  std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string where = "cache database " + path_ + ": ";
  std::string during = " (during: " + std::string(what.substr(0, 80)) + ")";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {CacheErrc::kBusy, where + "still locked by another connection after " +
                                    std::to_string(options_.busy_timeout_ms) +
                                    " ms; another process holds a long write transaction"};
    case SQLITE_FULL:
      return {CacheErrc::kDiskFull,
              where + "disk full (" + detail + "); free space or lower the cache budget"};
    case SQLITE_READONLY:
      return {CacheErrc::kReadOnly,
              where + "is read-only (" + detail + "); writes need a writable file and directory"};
    case SQLITE_CANTOPEN:
      return {CacheErrc::kCantOpen, where + "cannot be opened (" + detail + ")"};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {CacheErrc::kCorrupt, where + "is damaged or not a database (" + detail +
                                       "); move it aside and kiln starts a new cache"};
    default:
      // The extended code says which step failed (5898: a delete found no
      // file; 4874: a -shm could not be sized), where the text only says
      // "disk I/O error".
      return {CacheErrc::kIo, where + detail + " (SQLite code " + std::to_string(rc) + ")" + during};
  }
}

namespace {

// Transaction control runs on every lookup; prepared once per connection it
// costs a step instead of a parse.
Status runCached(Connection &connection, const char *sql) {
  Expected<Statement> stmt = connection.statement(sql);
  if (!stmt) return stmt.error();
  return stmt->run();
}

constexpr const char *kBeginRead = "BEGIN";
constexpr const char *kBeginImmediate = "BEGIN IMMEDIATE";
constexpr const char *kCommit = "COMMIT";
constexpr const char *kRollback = "ROLLBACK";

}  // namespace

Expected<Transaction> Transaction::begin(Connection &connection, Kind kind) {
  Status s = runCached(connection, kind == Kind::kImmediate ? kBeginImmediate : kBeginRead);
  if (!s) return s.error();
  return Transaction(connection);
}

Transaction::~Transaction() {
  if (connection_ != nullptr) (void)runCached(*connection_, kRollback);
}

Status Transaction::commit() {
  Status s = runCached(*connection_, kCommit);
  if (s) connection_ = nullptr;
  return s;
}

}  // namespace kiln::cache
