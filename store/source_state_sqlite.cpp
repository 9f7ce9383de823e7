#include "store/source_state_sqlite.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <utility>

#include "store/statement.hpp"

namespace atpipe::store {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS pulled_files (
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  detail TEXT NOT NULL,
  pulled_at TEXT NOT NULL,
  PRIMARY KEY (source, key)
);
)sql";

std::string now_utc() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace

core::Expected<SqliteSourceState> SqliteSourceState::open(const std::filesystem::path& path) {
  auto db = open_database(path, kSchema);
  if (!db) {
    return core::fail(std::move(db).error());
  }
  return SqliteSourceState(std::move(*db), path);
}

void SqliteSourceState::die(const std::string& what) const {
  // No patient data here: source names and file keys only.
  std::fprintf(stderr, "atpipe: fatal: %s in the state database '%s': %s\n", what.c_str(),
               path_.c_str(), sqlite3_errmsg(db_.get()));
  std::abort();
}

bool SqliteSourceState::seen(const std::string& source, const std::string& key) {
  Statement select(db_.get(), "SELECT 1 FROM pulled_files WHERE source = ? AND key = ?");
  select.bind_all(source, key);
  if (!select.ok()) {
    die("cannot look up a pulled file");
  }
  const int rc = select.step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    die("cannot look up a pulled file");
  }
  return rc == SQLITE_ROW;
}

void SqliteSourceState::mark(const std::string& source, const std::string& key,
                             const std::string& detail) {
  Statement insert(db_.get(),
                   "INSERT OR REPLACE INTO pulled_files (source, key, detail, pulled_at) "
                   "VALUES (?, ?, ?, ?)");
  insert.bind_all(source, key, detail, now_utc());
  if (!insert.ok() || insert.step() != SQLITE_DONE) {
    die("cannot record a pulled file");
  }
}

}  // namespace atpipe::store
