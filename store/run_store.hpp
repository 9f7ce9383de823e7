#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "core/expected.hpp"
#include "store/database.hpp"
#include "store/run_record.hpp"

namespace atpipe::store {

// The SQLite state store (design.md "store/"): one row per run and one per source in a run.
// The database file is created 0600 because later steps keep queries (patient data) in it.
// One instance per process, used from the run's thread.
class RunStore {
 public:
  [[nodiscard]] static core::Expected<RunStore> open(const std::filesystem::path& path);

  [[nodiscard]] core::Expected<void> record_run(const RunRecord& run);
  // Newest first.
  [[nodiscard]] core::Expected<std::vector<RunRecord>> list_runs(std::size_t limit) const;

 private:
  RunStore(DatabasePtr db, std::filesystem::path path)
      : db_(std::move(db)), path_(std::move(path)) {}

  [[nodiscard]] core::Unexpected<core::Error> sql_error(const std::string& what) const;

  DatabasePtr db_;
  std::filesystem::path path_;
};

}  // namespace atpipe::store
