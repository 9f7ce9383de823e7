#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "store/database.hpp"
#include "store/query_store.hpp"
#include "store/run_lock.hpp"
#include "store/run_store.hpp"
#include "store/source_state_sqlite.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;
using atpipe::testing::TempDir;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat info {};
  REQUIRE(::stat(p.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

// Descriptors of this process open on `file` (by /proc/self/fd).
int descriptors_on(const std::filesystem::path& file) {
  int n = 0;
  std::error_code ec;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    auto target = std::filesystem::read_symlink(fd.path(), ec);
    n += (!ec && target == std::filesystem::canonical(file)) ? 1 : 0;
  }
  return n;
}

store::RunRecord make_run(const std::string& id) {
  store::RunRecord r;
  r.run_id = id;
  r.started_at = "2026-11-01T00:00:00Z";
  r.finished_at = "2026-11-01T00:00:05Z";
  r.period = "2026-10";
  r.status = "ok";
  r.sources.push_back({"nhft", "csv", "at", 3, 3, 0, 0, false, "", {}});
  return r;
}

core::Query make_query(const std::string& nhs) {
  core::Query q;
  q.reason = core::QueryReason::AtOnly;
  q.nhs_number = nhs;
  q.owner = "RP1 (provider)";
  q.action = "check";
  q.id = core::make_query_id(q.reason, nhs, "");
  return q;
}

std::int64_t count(store::Database& db, const char* table) {
  sqlite3_stmt* s = nullptr;
  std::string sql = std::string("SELECT COUNT(*) FROM ") + table;
  REQUIRE(sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  auto n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

}  // namespace

TEST_CASE("the three stores share one connection and no other descriptor", "[unit][store]") {
  TempDir dir("state-shared");
  auto path = dir.path() / "state.db";
  auto db = store::Database::open(path);
  REQUIRE(db);
  store::RunStore runs(*db);
  store::QueryStore queries(*db);
  store::SqliteSourceState taken(*db, "2026-11-01T00:00:00Z");
  {
    auto tx = db->begin();
    REQUIRE(tx);
    REQUIRE(queries.apply_run({make_query("9990000018")}, "2026-10", "r1"));
    taken.mark("nhft", "a.csv|10|1", "a.csv");
    REQUIRE(runs.record_run(make_run("20261101T000000Z-0001")));
    // Inside one transaction each store sees what the others wrote: one connection.
    CHECK(taken.seen("nhft", "a.csv|10|1"));
    CHECK(runs.has_run("20261101T000000Z-0001").value());
    REQUIRE(tx->commit());
  }
  CHECK(descriptors_on(path) == 1);
  auto other = store::Database::open(path);
  REQUIRE(other);
  CHECK(count(*other, "runs") == 1);
  CHECK(count(*other, "queries") == 1);
  CHECK(count(*other, "pulled_files") == 1);
}

TEST_CASE("a transaction that is not committed leaves nothing", "[unit][store]") {
  TempDir dir("state-rollback");
  auto path = dir.path() / "state.db";
  auto db = store::Database::open(path);
  REQUIRE(db);
  auto reader = store::Database::open(path);
  REQUIRE(reader);
  {
    auto tx = db->begin();
    REQUIRE(tx);
    REQUIRE(store::QueryStore(*db).apply_run({make_query("9990000018")}, "2026-10", "r1"));
    store::SqliteSourceState(*db, "t").mark("nhft", "k", "d");
    REQUIRE(store::RunStore(*db).record_run(make_run("20261101T000000Z-0001")));
    // Another connection reads the state as it was before the run (WAL), without waiting.
    CHECK(count(*reader, "runs") == 0);
  }  // no commit: a run that did not finish
  CHECK(count(*db, "runs") == 0);
  CHECK(count(*db, "run_sources") == 0);
  CHECK(count(*db, "queries") == 0);
  CHECK(count(*db, "pulled_files") == 0);
  // A write that fails inside the transaction takes the earlier writes with it.
  {
    auto tx = db->begin();
    REQUIRE(tx);
    REQUIRE(store::RunStore(*db).record_run(make_run("20261101T000000Z-0002")));
    CHECK_FALSE(store::RunStore(*db).record_run(make_run("20261101T000000Z-0002")));
  }
  CHECK(count(*db, "runs") == 0);
  CHECK(count(*db, "run_sources") == 0);
}

TEST_CASE("the run lock is refused while another holder has it", "[unit][store]") {
  TempDir dir("state-lock");
  auto path = dir.path() / "state.db";
  auto first = store::RunLock::acquire(path, std::chrono::milliseconds(0));
  REQUIRE(first);
  CHECK(std::filesystem::exists(store::RunLock::lock_path(path)));
  const auto before = std::chrono::steady_clock::now();
  auto second = store::RunLock::acquire(path, std::chrono::milliseconds(300));
  const auto waited = std::chrono::steady_clock::now() - before;
  REQUIRE_FALSE(second);
  CHECK(second.error().code() == core::ErrorCode::Busy);
  CHECK(second.error().message().find("another atpipe run") != std::string::npos);
  CHECK(waited >= std::chrono::milliseconds(300));
  CHECK(waited < std::chrono::seconds(5));
  { auto released = std::move(*first); }
  CHECK(store::RunLock::acquire(path, std::chrono::milliseconds(0)));
  // The lock is its own file: the database is never locked or opened by it.
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("state folder 0700 and files 0600 even under umask 000", "[unit][store]") {
  TempDir dir("state-modes");
  auto path = dir.path() / "a" / "b" / "state.db";
  const mode_t old = ::umask(0);
  {
    auto lock = store::RunLock::acquire(path, std::chrono::milliseconds(0));
    auto db = store::Database::open(path);
    ::umask(old);
    REQUIRE(lock);
    REQUIRE(db);
    REQUIRE(store::RunStore(*db).record_run(make_run("20261101T000000Z-0001")));
    CHECK(mode_of(dir.path() / "a") == 0700);
    CHECK(mode_of(dir.path() / "a" / "b") == 0700);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path.string() + "-wal") == 0600);
    CHECK(mode_of(path.string() + "-shm") == 0600);
    CHECK(mode_of(store::RunLock::lock_path(path)) == 0600);
  }
  ::umask(old);
}

TEST_CASE("a database from before census_missing is upgraded in place", "[unit][store]") {
  TempDir dir("state-migrate");
  auto path = dir.path() / "state.db";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    const char* v1 =
        "CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT "
        "NOT NULL, period TEXT NOT NULL, status TEXT NOT NULL, config_path TEXT NOT NULL, "
        "patients INTEGER NOT NULL, patients_rejected INTEGER NOT NULL, in_return INTEGER NOT "
        "NULL, inpatients_at_cut INTEGER NOT NULL, discharged_in_period INTEGER NOT NULL, "
        "outside_period INTEGER NOT NULL, census INTEGER NOT NULL, matched INTEGER NOT NULL, "
        "matched_with_discrepancies INTEGER NOT NULL, at_only INTEGER NOT NULL, census_only "
        "INTEGER NOT NULL, queries INTEGER NOT NULL, queries_opened INTEGER NOT NULL, "
        "queries_resolved INTEGER NOT NULL, return_path TEXT NOT NULL, queries_path TEXT NOT "
        "NULL, rejects_path TEXT NOT NULL, warnings_path TEXT NOT NULL, links_path TEXT NOT "
        "NULL);"
        "INSERT INTO runs VALUES ('20261001T000000Z-00aa','2026-10-01T00:00:00Z',"
        "'2026-10-01T00:00:09Z','2026-09','ok','c.yaml',1,0,1,1,0,0,1,1,0,0,0,0,0,0,'','','','',"
        "'');";
    REQUIRE(sqlite3_exec(raw, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = store::Database::open(path);
  REQUIRE(db);
  store::RunStore runs(*db);
  auto missing = make_run("20261101T000000Z-0001");
  missing.census_missing = true;
  REQUIRE(runs.record_run(missing));
  auto listed = runs.list_runs(10);
  REQUIRE(listed);
  REQUIRE(listed->size() == 2);
  CHECK((*listed)[0].census_missing);
  CHECK((*listed)[1].run_id == "20261001T000000Z-00aa");
  CHECK_FALSE((*listed)[1].census_missing);
}

TEST_CASE("a row in runs that is not a run is an error that does not quote it", "[unit][store]") {
  TempDir dir("state-damaged");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::RunStore runs(*db);
  REQUIRE(runs.record_run(make_run("9434765919")));
  auto listed = runs.list_runs(10);
  REQUIRE_FALSE(listed);
  CHECK(listed.error().describe().find("9434765919") == std::string::npos);
  CHECK(listed.error().message().find("not a run") != std::string::npos);
  CHECK(store::looks_like_run_id("20261101T000000Z-1a2b"));
  CHECK_FALSE(store::looks_like_run_id("20261101T000000Z-1a2"));
}

TEST_CASE("the state database is never opened through a symlink", "[unit][store]") {
  TempDir dir("state-symlink");
  const auto elsewhere = dir.path() / "elsewhere.db";
  std::ofstream(elsewhere) << "";
  std::filesystem::create_symlink(elsewhere, dir.path() / "state.db");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == core::ErrorCode::State);
  CHECK(std::filesystem::file_size(elsewhere) == 0);
}
