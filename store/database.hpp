#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "core/expected.hpp"

namespace atpipe::store {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DatabasePtr = std::unique_ptr<sqlite3, SqliteCloser>;

// Opens (creating 0600 if needed, whatever the umask) the state database, in WAL mode with a
// busy timeout, and runs `schema` (idempotent CREATE ... IF NOT EXISTS statements).
[[nodiscard]] core::Expected<DatabasePtr> open_database(const std::filesystem::path& path,
                                                        const char* schema);

[[nodiscard]] core::Unexpected<core::Error> sql_error(sqlite3* db,
                                                      const std::filesystem::path& path,
                                                      const std::string& what);

}  // namespace atpipe::store
