#include "store/run_history.hpp"

#include "store/statement.hpp"

namespace atpipe::store {

core::Expected<void> RunHistory::ping() const {
  Statement q(db_->handle(), "SELECT COUNT(*) FROM runs");
  if (!q.ok() || q.step() != SQLITE_ROW) {
    return db_->error("the state database does not answer");
  }
  return {};
}

core::Expected<std::map<std::string, std::size_t>> RunHistory::runs_by_status() const {
  std::map<std::string, std::size_t> out;
  Statement q(db_->handle(), "SELECT status, COUNT(*) FROM runs GROUP BY status");
  while (q.ok() && q.step() == SQLITE_ROW) {
    out[q.text(0)] = static_cast<std::size_t>(q.integer(1));
  }
  if (!q.ok()) {
    return db_->error("cannot count runs");
  }
  return out;
}

core::Expected<std::vector<PeriodOpenQueries>> RunHistory::open_queries_by_period() const {
  // The newest complete run of each period: a partial run never changed the query list.
  Statement q(db_->handle(),
              "SELECT period, queries FROM runs r WHERE status = 'ok' AND started_at = "
              "(SELECT MAX(started_at) FROM runs s WHERE s.period = r.period AND s.status = 'ok') "
              "GROUP BY period ORDER BY period");
  std::vector<PeriodOpenQueries> out;
  while (q.ok() && q.step() == SQLITE_ROW) {
    out.push_back({q.text(0), static_cast<std::size_t>(q.integer(1))});
  }
  if (!q.ok()) {
    return db_->error("cannot read the open queries of past runs");
  }
  return out;
}

}  // namespace atpipe::store
