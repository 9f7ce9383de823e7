#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "store/database.hpp"

namespace atpipe::store {

// Open queries after the last complete run of one period.
struct PeriodOpenQueries {
  std::string period;
  std::size_t open = 0;
};

// Read-only summaries of the runs table for the status API and dashboard. Takes no lock and
// writes nothing. Borrows the caller's Database; used from that thread.
class RunHistory {
 public:
  explicit RunHistory(Database& db) : db_(&db) {}

  // Succeeds when the database answers a trivial query.
  [[nodiscard]] core::Expected<void> ping() const;
  // Every run counted by its status (ok, partial, failed).
  [[nodiscard]] core::Expected<std::map<std::string, std::size_t>> runs_by_status() const;
  // For each period with a complete run, the open queries its newest one left; oldest first.
  [[nodiscard]] core::Expected<std::vector<PeriodOpenQueries>> open_queries_by_period() const;

 private:
  Database* db_;
};

}  // namespace atpipe::store
