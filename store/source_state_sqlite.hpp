#pragma once

#include <string>

#include "core/source_state.hpp"
#include "store/database.hpp"

namespace atpipe::store {

// core::SourceState kept in the SQLite state database (table pulled_files), so that a source
// remembers across restarts which files it has taken. Borrows the run's Database and stamps
// each mark with the run's time (`pulled_at`, given, never read from a clock). Used from the
// run's thread. A store that cannot be read or written aborts (style.md rule 7): carrying on
// would read the same files twice or lose track of them.
class SqliteSourceState final : public core::SourceState {
 public:
  SqliteSourceState(Database& db, std::string pulled_at)
      : db_(&db), pulled_at_(std::move(pulled_at)) {}

  // core::SourceState
  [[nodiscard]] bool seen(const std::string& source, const std::string& key) override;
  void mark(const std::string& source, const std::string& key, const std::string& detail) override;

 private:
  [[noreturn]] void die(const std::string& what) const;

  Database* db_;
  std::string pulled_at_;
};

}  // namespace atpipe::store
