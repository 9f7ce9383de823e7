#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "store/run_store.hpp"

using namespace atpipe;

TEST_CASE("runs are recorded and listed newest first, file 0600", "[unit][store]") {
  auto dir =
      std::filesystem::temp_directory_path() / ("atpipe-store-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto path = dir / "state.db";
  {
    auto db = store::Database::open(path);
    REQUIRE(db);
    store::RunStore runs(*db);
    auto* st = &runs;
    store::RunRecord a;
    a.run_id = "20261101T000000Z-0001";
    a.started_at = "2026-11-01T00:00:00Z";
    a.finished_at = "2026-11-01T00:00:05Z";
    a.period = "2026-10";
    a.status = "ok";
    a.in_return = 25;
    a.sources.push_back({"nhft", "csv", "at", 30, 27, 3, 2, false, "", {}});
    REQUIRE(st->record_run(a));
    auto b = a;
    b.run_id = "20261102T000000Z-0002";
    b.started_at = "2026-11-02T00:00:00Z";
    b.status = "partial";
    b.sources = {{"la", "csv", "at", 0, 0, 0, 0, true, "file missing", {}}};
    REQUIRE(st->record_run(b));
    // The same run id twice is refused, not silently overwritten.
    CHECK_FALSE(st->record_run(b));
  }
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  auto db = store::Database::open(path);
  REQUIRE(db);
  store::RunStore reopened(*db);
  auto* st = &reopened;
  auto runs = st->list_runs(10);
  REQUIRE(runs);
  REQUIRE(runs->size() == 2);
  CHECK((*runs)[0].run_id == "20261102T000000Z-0002");
  CHECK((*runs)[0].sources.at(0).failed);
  CHECK((*runs)[0].sources.at(0).error == "file missing");
  CHECK((*runs)[1].in_return == 25);
  CHECK((*runs)[1].sources.at(0).pulled == 30);
  CHECK(st->list_runs(1)->size() == 1);
  std::filesystem::remove_all(dir);
}
