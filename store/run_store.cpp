#include "store/run_store.hpp"

#include "store/statement.hpp"

namespace atpipe::store {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  period TEXT NOT NULL,
  status TEXT NOT NULL,
  config_path TEXT NOT NULL,
  patients INTEGER NOT NULL,
  patients_rejected INTEGER NOT NULL,
  in_return INTEGER NOT NULL,
  inpatients_at_cut INTEGER NOT NULL,
  discharged_in_period INTEGER NOT NULL,
  outside_period INTEGER NOT NULL,
  census INTEGER NOT NULL,
  matched INTEGER NOT NULL,
  matched_with_discrepancies INTEGER NOT NULL,
  at_only INTEGER NOT NULL,
  census_only INTEGER NOT NULL,
  queries INTEGER NOT NULL,
  queries_opened INTEGER NOT NULL,
  queries_resolved INTEGER NOT NULL,
  return_path TEXT NOT NULL,
  queries_path TEXT NOT NULL,
  rejects_path TEXT NOT NULL,
  warnings_path TEXT NOT NULL,
  links_path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_sources (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  source TEXT NOT NULL,
  type TEXT NOT NULL,
  role TEXT NOT NULL,
  pulled INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  error TEXT NOT NULL,
  PRIMARY KEY (run_id, source)
);
)sql";

}  // namespace

core::Expected<RunStore> RunStore::open(const std::filesystem::path& path) {
  auto db = open_database(path, kSchemaV1);
  if (!db) {
    return core::fail(db.error());
  }
  return RunStore(std::move(*db), path);
}

core::Unexpected<core::Error> RunStore::sql_error(const std::string& what) const {
  return store::sql_error(db_.get(), path_, what);
}

core::Expected<void> RunStore::record_run(const RunRecord& run) {
  Transaction tx(db_.get());
  Statement insert(db_.get(),
                   "INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind_all(run.run_id, run.started_at, run.finished_at, run.period, run.status,
                  run.config_path, run.patients, run.patients_rejected, run.in_return,
                  run.inpatients_at_cut, run.discharged_in_period, run.outside_period, run.census,
                  run.matched, run.matched_with_discrepancies, run.at_only, run.census_only,
                  run.queries, run.queries_opened, run.queries_resolved, run.return_path,
                  run.queries_path, run.rejects_path, run.warnings_path, run.links_path);
  if (!insert.ok() || insert.step() != SQLITE_DONE) {
    return sql_error("cannot record run " + run.run_id);
  }
  for (const auto& s : run.sources) {
    Statement source(db_.get(), "INSERT INTO run_sources VALUES (?,?,?,?,?,?,?,?,?,?)");
    source.bind_all(run.run_id, s.source, s.type, s.role, s.pulled, s.accepted, s.rejected,
                    s.warnings, s.failed ? 1 : 0, s.error);
    if (!source.ok() || source.step() != SQLITE_DONE) {
      return sql_error("cannot record source counts for run " + run.run_id);
    }
  }
  if (!tx.commit()) {
    return sql_error("cannot commit run " + run.run_id);
  }
  return {};
}

core::Expected<std::vector<RunRecord>> RunStore::list_runs(std::size_t limit) const {
  std::vector<RunRecord> out;
  Statement q(db_.get(),
              "SELECT run_id, started_at, finished_at, period, status, config_path, patients, "
              "patients_rejected, in_return, inpatients_at_cut, discharged_in_period, "
              "outside_period, census, "
              "matched, matched_with_discrepancies, at_only, census_only, queries, queries_opened, "
              "queries_resolved, return_path, queries_path, rejects_path, warnings_path, "
              "links_path FROM runs "
              "ORDER BY started_at DESC, run_id DESC LIMIT ?");
  q.bind_all(limit);
  while (q.ok() && q.step() == SQLITE_ROW) {
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
    out.push_back(std::move(r));
  }
  if (!q.ok()) {
    return sql_error("cannot list runs");
  }
  for (auto& r : out) {
    Statement s(db_.get(),
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
  }
  return out;
}

}  // namespace atpipe::store
