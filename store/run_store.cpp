#include "store/run_store.hpp"

#include <cctype>

#include "store/statement.hpp"

namespace atpipe::store {
namespace {

constexpr const char* kInsertRun =
    "INSERT INTO runs (run_id, started_at, finished_at, period, status, config_path, patients, "
    "patients_rejected, in_return, inpatients_at_cut, discharged_in_period, outside_period, "
    "census, matched, matched_with_discrepancies, at_only, census_only, queries, "
    "queries_opened, queries_resolved, return_path, queries_path, rejects_path, warnings_path, "
    "links_path, census_missing) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

constexpr const char* kSelectRuns =
    "SELECT run_id, started_at, finished_at, period, status, config_path, patients, "
    "patients_rejected, in_return, inpatients_at_cut, discharged_in_period, outside_period, "
    "census, matched, matched_with_discrepancies, at_only, census_only, queries, queries_opened, "
    "queries_resolved, return_path, queries_path, rejects_path, warnings_path, links_path, "
    "census_missing FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?";

RunRecord read_run(const Statement& q) {
  RunRecord r;
  int c = 0;
  r.run_id = q.text(c++);
  r.started_at = q.text(c++);
  r.finished_at = q.text(c++);
  r.period = q.text(c++);
  r.status = q.text(c++);
  r.config_path = q.text(c++);
  for (std::size_t* n : {&r.patients, &r.patients_rejected, &r.in_return, &r.inpatients_at_cut,
                         &r.discharged_in_period, &r.outside_period, &r.census, &r.matched,
                         &r.matched_with_discrepancies, &r.at_only, &r.census_only, &r.queries,
                         &r.queries_opened, &r.queries_resolved}) {
    *n = static_cast<std::size_t>(q.integer(c++));
  }
  r.return_path = q.text(c++);
  r.queries_path = q.text(c++);
  r.rejects_path = q.text(c++);
  r.warnings_path = q.text(c++);
  r.links_path = q.text(c++);
  r.census_missing = q.integer(c++) != 0;
  return r;
}

}  // namespace

bool looks_like_run_id(const std::string& id) {
  // YYYYMMDDTHHMMSSZ-xxxx
  if (id.size() != 21 || id[8] != 'T' || id[15] != 'Z' || id[16] != '-') {
    return false;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    bool ok =
        i == 8 || i == 15 || i == 16 || (i < 15 ? std::isdigit(c) != 0 : std::isxdigit(c) != 0);
    if (!ok) {
      return false;
    }
  }
  return true;
}

core::Expected<void> RunStore::record_run(const RunRecord& run) {
  auto tx = db_->begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  Statement insert(db_->handle(), kInsertRun);
  insert.bind_all(run.run_id, run.started_at, run.finished_at, run.period, run.status,
                  run.config_path, run.patients, run.patients_rejected, run.in_return,
                  run.inpatients_at_cut, run.discharged_in_period, run.outside_period, run.census,
                  run.matched, run.matched_with_discrepancies, run.at_only, run.census_only,
                  run.queries, run.queries_opened, run.queries_resolved, run.return_path,
                  run.queries_path, run.rejects_path, run.warnings_path, run.links_path,
                  run.census_missing ? 1 : 0);
  if (!insert.ok() || insert.step() != SQLITE_DONE) {
    return db_->error("cannot record run " + run.run_id);
  }
  Statement source(db_->handle(), "INSERT INTO run_sources VALUES (?,?,?,?,?,?,?,?,?,?)");
  for (const auto& s : run.sources) {
    source.reset();
    source.bind_all(run.run_id, s.source, s.type, s.role, s.pulled, s.accepted, s.rejected,
                    s.warnings, s.failed ? 1 : 0, s.error);
    if (!source.ok() || source.step() != SQLITE_DONE) {
      return db_->error("cannot record source counts for run " + run.run_id);
    }
  }
  if (!tx->commit()) {
    return db_->error("cannot commit run " + run.run_id);
  }
  return {};
}

core::Expected<bool> RunStore::has_run(const std::string& run_id) const {
  Statement q(db_->handle(), "SELECT 1 FROM runs WHERE run_id = ?");
  q.bind_all(run_id);
  const int rc = q.ok() ? q.step() : SQLITE_ERROR;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return db_->error("cannot look up run " + run_id);
  }
  return rc == SQLITE_ROW;
}

core::Expected<std::vector<RunRecord>> RunStore::list_runs(std::size_t limit) const {
  std::vector<RunRecord> out;
  Statement q(db_->handle(), kSelectRuns);
  q.bind_all(limit);
  while (q.ok() && q.step() == SQLITE_ROW) {
    out.push_back(read_run(q));
    if (!looks_like_run_id(out.back().run_id)) {
      // Never print it: in a damaged database it may be a query's NHS number.
      return core::fail(core::ErrorCode::State,
                        "the runs table holds a row that is not a run: the state database is "
                        "damaged (check it with PRAGMA integrity_check)",
                        core::Provenance{"", db_->path().string(), 0, ""});
    }
  }
  if (!q.ok()) {
    return db_->error("cannot list runs");
  }
  for (auto& r : out) {
    if (auto read = read_sources(r); !read) {
      return core::fail(read.error());
    }
  }
  return out;
}

core::Expected<void> RunStore::read_sources(RunRecord& r) const {
  Statement s(db_->handle(),
              "SELECT source, type, role, pulled, accepted, rejected, warnings, failed, error "
              "FROM run_sources WHERE run_id = ? ORDER BY source");
  s.bind_all(r.run_id);
  while (s.ok() && s.step() == SQLITE_ROW) {
    SourceCounts c;
    c.source = s.text(0);
    c.type = s.text(1);
    c.role = s.text(2);
    c.pulled = static_cast<std::size_t>(s.integer(3));
    c.accepted = static_cast<std::size_t>(s.integer(4));
    c.rejected = static_cast<std::size_t>(s.integer(5));
    c.warnings = static_cast<std::size_t>(s.integer(6));
    c.failed = s.integer(7) != 0;
    c.error = s.text(8);
    r.sources.push_back(std::move(c));
  }
  if (!s.ok()) {
    return db_->error("cannot read the sources of run " + r.run_id);
  }
  return {};
}

}  // namespace atpipe::store
