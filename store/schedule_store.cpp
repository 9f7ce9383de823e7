#include "store/schedule_store.hpp"

#include "store/statement.hpp"

namespace atpipe::store {
namespace {

constexpr const char* kBaselineStep = "baseline";

}  // namespace

core::Expected<std::string> ScheduleStore::baseline(const std::string& now) {
  {
    Statement insert(db_->handle(),
                     "INSERT OR IGNORE INTO schedule_steps "
                     "(step, kind, period, due_at, finished_at, outcome, detail) "
                     "VALUES (?, 'baseline', '', ?, ?, 'ok', 'first start of the daemon')");
    insert.bind_all(std::string(kBaselineStep), now, now);
    if (!insert.ok() || insert.step() != SQLITE_DONE) {
      return db_->error("cannot record the schedule's baseline");
    }
  }
  Statement select(db_->handle(), "SELECT due_at FROM schedule_steps WHERE step = ?");
  select.bind_all(std::string(kBaselineStep));
  if (!select.ok() || select.step() != SQLITE_ROW) {
    return db_->error("cannot read the schedule's baseline");
  }
  return select.text(0);
}

core::Expected<std::set<std::string>> ScheduleStore::done_steps() const {
  Statement select(db_->handle(), "SELECT step FROM schedule_steps WHERE kind != 'baseline'");
  std::set<std::string> out;
  while (select.ok() && select.step() == SQLITE_ROW) {
    out.insert(select.text(0));
  }
  if (!select.ok()) {
    return db_->error("cannot read the schedule's steps");
  }
  return out;
}

core::Expected<void> ScheduleStore::record_step(const StepRecord& step) {
  Statement insert(db_->handle(),
                   "INSERT OR REPLACE INTO schedule_steps "
                   "(step, kind, period, due_at, finished_at, outcome, detail) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(step.step, step.kind, step.period, step.due_at, step.finished_at, step.outcome,
                  step.detail);
  if (!insert.ok() || insert.step() != SQLITE_DONE) {
    return db_->error("cannot record the schedule step " + step.step);
  }
  return {};
}

core::Expected<std::vector<StepRecord>> ScheduleStore::recent_steps(std::size_t limit) const {
  Statement select(db_->handle(),
                   "SELECT step, kind, period, due_at, finished_at, outcome, detail "
                   "FROM schedule_steps WHERE kind != 'baseline' "
                   "ORDER BY finished_at DESC, step DESC LIMIT ?");
  select.bind_all(static_cast<long long>(limit));
  std::vector<StepRecord> out;
  while (select.ok() && select.step() == SQLITE_ROW) {
    out.push_back({select.text(0), select.text(1), select.text(2), select.text(3), select.text(4),
                   select.text(5), select.text(6)});
  }
  if (!select.ok()) {
    return db_->error("cannot read the schedule's steps");
  }
  return out;
}

core::Expected<void> ScheduleStore::record_pull(const std::string& source, const std::string& at,
                                                std::optional<long long> rows,
                                                const std::string& error) {
  const char* sql =
      rows ? "INSERT INTO source_pulls (source, last_attempt_at, last_success_at, last_rows) "
             "VALUES (?1, ?2, ?2, ?3) ON CONFLICT(source) DO UPDATE SET "
             "last_attempt_at = ?2, last_success_at = ?2, last_rows = ?3, last_error = '', "
             "last_error_at = ''"
           : "INSERT INTO source_pulls (source, last_attempt_at, last_error, last_error_at) "
             "VALUES (?1, ?2, ?3, ?2) ON CONFLICT(source) DO UPDATE SET "
             "last_attempt_at = ?2, last_error = ?3, last_error_at = ?2";
  Statement upsert(db_->handle(), sql);
  if (rows) {
    upsert.bind_all(source, at, *rows);
  } else {
    upsert.bind_all(source, at, error);
  }
  if (!upsert.ok() || upsert.step() != SQLITE_DONE) {
    return db_->error("cannot record the pull of source " + source);
  }
  return {};
}

core::Expected<std::vector<SourcePullRecord>> ScheduleStore::pulls() const {
  Statement select(db_->handle(),
                   "SELECT source, last_attempt_at, last_success_at, last_rows, last_error, "
                   "last_error_at FROM source_pulls ORDER BY source");
  std::vector<SourcePullRecord> out;
  while (select.ok() && select.step() == SQLITE_ROW) {
    out.push_back({select.text(0), select.text(1), select.text(2), select.integer(3),
                   select.text(4), select.text(5)});
  }
  if (!select.ok()) {
    return db_->error("cannot read the sources' pulls");
  }
  return out;
}

}  // namespace atpipe::store
