#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "store/run_history.hpp"
#include "store/run_store.hpp"

using namespace atpipe;

namespace {

store::RunRecord run(const std::string& id, const std::string& started, const std::string& period,
                     const std::string& status, std::size_t open) {
  store::RunRecord r;
  r.run_id = id;
  r.started_at = started;
  r.finished_at = started;
  r.period = period;
  r.status = status;
  r.queries = open;
  return r;
}

}  // namespace

TEST_CASE("run history: runs by status and each period's newest complete run's open queries",
          "[unit][store]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("atpipe-history-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto db = store::Database::open(dir / "state.db");
  REQUIRE(db);
  const store::RunHistory history(*db);
  REQUIRE(history.ping());
  auto empty = history.open_queries_by_period();
  REQUIRE(empty);
  CHECK(empty->empty());

  store::RunStore runs(*db);
  REQUIRE(
      runs.record_run(run("20261101T000000Z-0001", "2026-11-01T00:00:00Z", "2026-10", "ok", 9)));
  REQUIRE(
      runs.record_run(run("20261102T000000Z-0002", "2026-11-02T00:00:00Z", "2026-10", "ok", 7)));
  // A partial run changes no query, so it is not a point of the chart.
  REQUIRE(runs.record_run(
      run("20261103T000000Z-0003", "2026-11-03T00:00:00Z", "2026-10", "partial", 99)));
  REQUIRE(
      runs.record_run(run("20261001T000000Z-0004", "2026-10-01T00:00:00Z", "2026-09", "ok", 4)));

  auto by_status = history.runs_by_status();
  REQUIRE(by_status);
  CHECK(*by_status == std::map<std::string, std::size_t>{{"ok", 3}, {"partial", 1}});
  auto points = history.open_queries_by_period();
  REQUIRE(points);
  REQUIRE(points->size() == 2);
  CHECK((*points)[0].period == "2026-09");
  CHECK((*points)[0].open == 4);
  CHECK((*points)[1].period == "2026-10");
  CHECK((*points)[1].open == 7);
  std::filesystem::remove_all(dir);
}
