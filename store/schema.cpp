#include "store/schema.hpp"

#include <string>

#include "store/statement.hpp"

namespace atpipe::store {
namespace {

// Version 1 is what atpipe wrote before the schema had a version (user_version 0).
constexpr const char* kTables = R"sql(
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
CREATE TABLE IF NOT EXISTS queries (
  query_id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  owner TEXT NOT NULL,
  action TEXT NOT NULL,
  nhs_number TEXT NOT NULL,
  at_refs TEXT NOT NULL,
  census_ref TEXT NOT NULL,
  field TEXT NOT NULL,
  value_returned TEXT NOT NULL,
  returned_from TEXT NOT NULL,
  other_value TEXT NOT NULL,
  other_from TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  opened_period TEXT NOT NULL,
  opened_run TEXT NOT NULL,
  last_seen_period TEXT NOT NULL,
  last_seen_run TEXT NOT NULL,
  closed_period TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS queries_status ON queries(status);
CREATE TABLE IF NOT EXISTS pulled_files (
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  detail TEXT NOT NULL,
  pulled_at TEXT NOT NULL,
  PRIMARY KEY (source, key)
);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  period TEXT NOT NULL,
  commissioner TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  local_id TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  records INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  sink TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  hold TEXT NOT NULL DEFAULT '',
  receipt_id TEXT NOT NULL DEFAULT '',
  receipt_detail TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (period, commissioner, sha256, attempt)
);
CREATE TABLE IF NOT EXISTS submission_events (
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  state TEXT NOT NULL,
  at TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submission_approvals (
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  approved_by TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule_steps (
  step TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  due_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS source_pulls (
  source TEXT PRIMARY KEY,
  last_attempt_at TEXT NOT NULL,
  last_success_at TEXT NOT NULL DEFAULT '',
  last_rows INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  last_error_at TEXT NOT NULL DEFAULT ''
);
)sql";

core::Expected<int> user_version(Database& db) {
  Statement s(db.handle(), "PRAGMA user_version");
  if (!s.ok() || s.step() != SQLITE_ROW) {
    return db.error("cannot read the state schema version");
  }
  return static_cast<int>(s.integer(0));
}

core::Expected<bool> has_column(Database& db, const std::string& table, const std::string& col) {
  Statement s(db.handle(), ("PRAGMA table_info(" + table + ")").c_str());
  while (s.ok() && s.step() == SQLITE_ROW) {
    if (s.text(1) == col) {
      return true;
    }
  }
  if (!s.ok()) {
    return db.error("cannot read the columns of " + table);
  }
  return false;
}

core::Expected<void> exec(Database& db, const std::string& sql, const std::string& what) {
  if (sqlite3_exec(db.handle(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return db.error(what);
  }
  return {};
}

// Version 2: runs.census_missing (the run had no census at the cut). Version 3: the
// submission ledger (submissions, submission_events, submission_approvals), all new tables.
// Version 4: schedule_steps and source_pulls (the daemon's schedule), new tables only.
core::Expected<void> upgrade(Database& db) {
  if (auto made = exec(db, kTables, "cannot create the state schema"); !made) {
    return made;
  }
  auto has = has_column(db, "runs", "census_missing");
  if (!has) {
    return core::fail(has.error());
  }
  if (!*has) {
    auto added = exec(db, "ALTER TABLE runs ADD COLUMN census_missing INTEGER NOT NULL DEFAULT 0",
                      "cannot add runs.census_missing");
    if (!added) {
      return added;
    }
  }
  return exec(db, "PRAGMA user_version = " + std::to_string(kSchemaVersion),
              "cannot set the state schema version");
}

}  // namespace

core::Expected<void> ensure_schema(Database& db) {
  auto version = user_version(db);
  if (!version) {
    return core::fail(version.error());
  }
  if (*version == kSchemaVersion) {
    return {};
  }
  auto tx = db.begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  // Another process may have upgraded it while this one waited for the write lock.
  version = user_version(db);
  if (!version) {
    return core::fail(version.error());
  }
  if (*version > kSchemaVersion) {
    return core::fail(core::ErrorCode::State,
                      "the state database was written by a newer atpipe (schema " +
                          std::to_string(*version) + ", this one knows " +
                          std::to_string(kSchemaVersion) + ")",
                      core::Provenance{"", db.path().string(), 0, ""});
  }
  if (*version < kSchemaVersion) {
    if (auto upgraded = upgrade(db); !upgraded) {
      return upgraded;
    }
  }
  if (!tx->commit()) {
    return db.error("cannot commit the state schema");
  }
  return {};
}

}  // namespace atpipe::store
