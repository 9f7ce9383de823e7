#include "store/source_state_sqlite.hpp"

#include <cstdio>
#include <cstdlib>

#include "store/statement.hpp"

namespace atpipe::store {

void SqliteSourceState::die(const std::string& what) const {
  // No patient data here: source names and file keys only.
  std::fprintf(stderr, "atpipe: fatal: %s in the state database '%s': %s\n", what.c_str(),
               db_->path().c_str(), sqlite3_errmsg(db_->handle()));
  std::abort();
}

bool SqliteSourceState::seen(const std::string& source, const std::string& key) {
  Statement select(db_->handle(), "SELECT 1 FROM pulled_files WHERE source = ? AND key = ?");
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
  Statement insert(db_->handle(),
                   "INSERT OR REPLACE INTO pulled_files (source, key, detail, pulled_at) "
                   "VALUES (?, ?, ?, ?)");
  insert.bind_all(source, key, detail, pulled_at_);
  if (!insert.ok() || insert.step() != SQLITE_DONE) {
    die("cannot record a pulled file");
  }
}

}  // namespace atpipe::store
