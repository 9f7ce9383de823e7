#pragma once

#include <filesystem>
#include <string>

#include "core/expected.hpp"
#include "core/source_state.hpp"
#include "store/database.hpp"

namespace atpipe::store {

// core::SourceState kept in the SQLite state database (table pulled_files), so that a source
// remembers across restarts which files it has taken. Created 0600 like the other stores. One
// instance per run, used from the run's thread. A store that cannot be read or written aborts
// (style.md rule 7): carrying on would read the same files twice or lose track of them.
class SqliteSourceState final : public core::SourceState {
 public:
  [[nodiscard]] static core::Expected<SqliteSourceState> open(const std::filesystem::path& path);

  // core::SourceState
  [[nodiscard]] bool seen(const std::string& source, const std::string& key) override;
  void mark(const std::string& source, const std::string& key, const std::string& detail) override;

 private:
  SqliteSourceState(DatabasePtr db, std::filesystem::path path)
      : db_(std::move(db)), path_(std::move(path)) {}

  [[noreturn]] void die(const std::string& what) const;

  DatabasePtr db_;
  std::filesystem::path path_;
};

}  // namespace atpipe::store
