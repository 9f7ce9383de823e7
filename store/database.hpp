#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "core/expected.hpp"

namespace atpipe::store {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DatabasePtr = std::unique_ptr<sqlite3, SqliteCloser>;

class Transaction;

// Where a connection's database stands: two stamps of one connection differ when anything was
// committed in between, by another connection (PRAGMA data_version) or by this one (its count
// of changed rows). Lets a writer skip re-reading what it read before taking the write lock.
struct WriteStamp {
  std::int64_t data_version = -1;  // -1: never taken, equal to no other stamp
  std::int64_t own_changes = -1;

  [[nodiscard]] bool taken() const { return data_version >= 0; }
  [[nodiscard]] bool same_as(const WriteStamp& other) const {
    return taken() && data_version == other.data_version && own_changes == other.own_changes;
  }
};

// The one SQLite connection a process (a run, or one CLI command) keeps on the state database
// (design.md "State"). QueryStore, RunStore and SqliteSourceState borrow it; nothing else opens
// the file, and no raw descriptor is ever opened on the database, its WAL or its shared memory
// (closing one would drop the POSIX locks SQLite holds through this connection). Created 0600
// in a 0700 folder whatever the umask, in WAL mode so that readers never wait for a run.
// Owned by the command or the run; used from that thread only.
class Database {
 public:
  [[nodiscard]] static core::Expected<Database> open(const std::filesystem::path& path);

  [[nodiscard]] sqlite3* handle() const { return db_.get(); }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  // BEGIN IMMEDIATE, or joins the transaction already open on this connection.
  [[nodiscard]] core::Expected<Transaction> begin();
  // Taken inside the write transaction, it says whether the database changed since an earlier
  // stamp (see WriteStamp).
  [[nodiscard]] core::Expected<WriteStamp> write_stamp() const;
  // `what`: SQLite's message, with the database as provenance.
  [[nodiscard]] core::Unexpected<core::Error> error(const std::string& what) const;

 private:
  Database(DatabasePtr db, std::filesystem::path path)
      : db_(std::move(db)), path_(std::move(path)) {}

  DatabasePtr db_;
  std::filesystem::path path_;
};

// A write transaction on a Database: rolls back unless commit() succeeded. One that joined an
// outer transaction leaves commit and rollback to the outer one. Move-only.
class Transaction {
 public:
  Transaction(sqlite3* db, bool owner) : db_(db), owner_(owner) {}
  Transaction(Transaction&& other) noexcept
      : db_(std::exchange(other.db_, nullptr)), owner_(other.owner_) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  [[nodiscard]] bool commit();

 private:
  sqlite3* db_;
  bool owner_;
};

// Makes every missing folder of `folder` 0700 (an existing one is left as it is).
[[nodiscard]] core::Expected<void> make_private_folders(const std::filesystem::path& folder);

[[nodiscard]] core::Unexpected<core::Error> sql_error(sqlite3* db,
                                                      const std::filesystem::path& path,
                                                      const std::string& what);

}  // namespace atpipe::store
