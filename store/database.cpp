#include "store/database.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "store/schema.hpp"
#include "store/statement.hpp"

namespace atpipe::store {
namespace {

core::Unexpected<core::Error> io_error(const std::string& what, const std::filesystem::path& p) {
  return core::fail(core::ErrorCode::State, what + ": " + std::strerror(errno),
                    core::Provenance{"", p.string(), 0, ""});
}

// Sets the process umask for one scope. The umask is process-wide: this runs while the run's
// thread is the only one touching files (start-up of a run or a command).
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

core::Expected<DatabasePtr> open_connection(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  int rc = SQLITE_OK;
  {
    // SQLite creates the file 0644 less the umask, and its WAL and shared-memory files with the
    // database's own mode: a umask of 077 makes all three 0600 without a descriptor of ours.
    ScopedUmask mask(077);
    rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, nullptr);
  }
  DatabasePtr db(raw);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : "out of memory";
    return core::fail(core::ErrorCode::State, "cannot open the state database: " + message,
                      core::Provenance{"", path.string(), 0, ""});
  }
  // A database made by an older atpipe (or copied in) keeps no group or world access.
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0 &&
      ::chmod(path.c_str(), 0600) != 0) {
    return io_error("cannot make the state database private", path);
  }
  return db;
}

}  // namespace

core::Unexpected<core::Error> sql_error(sqlite3* db, const std::filesystem::path& path,
                                        const std::string& what) {
  return core::fail(core::ErrorCode::State, what + ": " + sqlite3_errmsg(db),
                    core::Provenance{"", path.string(), 0, ""});
}

core::Expected<void> make_private_folders(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> missing;
  std::error_code ec;
  for (auto p = folder; !p.empty() && !std::filesystem::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) {
      break;
    }
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    // mkdir's mode is cut by the umask and chmod sets it exactly: 0700 under any umask.
    if ((::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) || ::chmod(it->c_str(), 0700) != 0) {
      return io_error("cannot create the state folder", *it);
    }
  }
  return {};
}

core::Expected<Database> Database::open(const std::filesystem::path& path) {
  if (path.has_parent_path()) {
    if (auto made = make_private_folders(path.parent_path()); !made) {
      return core::fail(made.error());
    }
  }
  auto connection = open_connection(path);
  if (!connection) {
    return core::fail(connection.error());
  }
  Database db(std::move(*connection), path);
  sqlite3_busy_timeout(db.handle(), 5000);
  // Closing the last connection would otherwise checkpoint under an exclusive lock, which a
  // reader opening at that moment (a plain sqlite3 with no busy timeout) sees as "database is
  // locked". Commits still checkpoint as the WAL grows, without blocking readers.
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  if (sqlite3_exec(db.handle(), "PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    return db.error("cannot set the journal mode");
  }
  if (auto schema = ensure_schema(db); !schema) {
    return core::fail(schema.error());
  }
  return db;
}

core::Expected<Transaction> Database::begin() {
  if (sqlite3_get_autocommit(handle()) == 0) {
    return Transaction(handle(), false);
  }
  if (sqlite3_exec(handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return error("cannot start a transaction");
  }
  return Transaction(handle(), true);
}

core::Expected<WriteStamp> Database::write_stamp() const {
  Statement s(handle(), "PRAGMA data_version");
  if (!s.ok() || s.step() != SQLITE_ROW) {
    return error("cannot read the state database's version");
  }
  return WriteStamp{s.integer(0), sqlite3_total_changes64(handle())};
}

core::Unexpected<core::Error> Database::error(const std::string& what) const {
  return sql_error(handle(), path_, what);
}

Transaction::~Transaction() {
  if (db_ != nullptr && owner_) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

bool Transaction::commit() {
  if (db_ == nullptr) {
    return false;
  }
  if (owner_ && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return false;
  }
  db_ = nullptr;
  return true;
}

}  // namespace atpipe::store
