#include "store/database.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace atpipe::store {

core::Unexpected<core::Error> sql_error(sqlite3* db, const std::filesystem::path& path,
                                        const std::string& what) {
  return core::fail(core::ErrorCode::State, what + ": " + sqlite3_errmsg(db),
                    core::Provenance{"", path.string(), 0, ""});
}

core::Expected<DatabasePtr> open_database(const std::filesystem::path& path, const char* schema) {
  std::error_code ec;
  if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), ec)) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return core::fail(core::ErrorCode::State, "cannot create the state folder: " + ec.message(),
                        core::Provenance{"", path.parent_path().string(), 0, ""});
    }
  }
  // Create the file ourselves so that it is 0600 whatever the umask; SQLite then opens it and
  // gives its WAL and shared-memory files the same mode.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return core::fail(core::ErrorCode::State,
                      std::string("cannot open the state database: ") + std::strerror(errno),
                      core::Provenance{"", path.string(), 0, ""});
  }
  ::close(fd);
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return core::fail(core::ErrorCode::State, "cannot open the state database: " + message,
                      core::Provenance{"", path.string(), 0, ""});
  }
  DatabasePtr db(raw);
  sqlite3_busy_timeout(raw, 5000);
  if (sqlite3_exec(raw, "PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sql_error(raw, path, "cannot set the journal mode");
  }
  if (sqlite3_exec(raw, schema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sql_error(raw, path, "cannot create the state schema");
  }
  return db;
}

}  // namespace atpipe::store
