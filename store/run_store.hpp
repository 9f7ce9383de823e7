#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "store/database.hpp"
#include "store/run_record.hpp"

namespace atpipe::store {

// The runs of the state store (design.md "store/"): one row per run and one per source in a
// run. Borrows the command's or the run's Database; used from that thread.
class RunStore {
 public:
  explicit RunStore(Database& db) : db_(&db) {}

  // Inside the caller's transaction when one is open (else in its own). A run id already
  // recorded is refused.
  [[nodiscard]] core::Expected<void> record_run(const RunRecord& run);
  [[nodiscard]] core::Expected<bool> has_run(const std::string& run_id) const;
  // Newest first. A row that is not a run (a damaged database) is an error, never printed.
  [[nodiscard]] core::Expected<std::vector<RunRecord>> list_runs(std::size_t limit) const;

 private:
  [[nodiscard]] core::Expected<void> read_sources(RunRecord& run) const;

  Database* db_;
};

// True for ids make_run_id gives: "20261101T000000Z-1a2b".
[[nodiscard]] bool looks_like_run_id(const std::string& id);

}  // namespace atpipe::store
