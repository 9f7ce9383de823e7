#include <catch2/catch.hpp>
#include <filesystem>

#include "store/schedule_store.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;

TEST_CASE("schedule store: the baseline is set once; steps done exclude it", "[unit][store]") {
  testing::TempDir dir("schedule_store");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::ScheduleStore schedule(*db);
  CHECK(schedule.baseline("2026-10-01T00:00:00Z").value() == "2026-10-01T00:00:00Z");
  CHECK(schedule.baseline("2026-11-05T00:00:00Z").value() == "2026-10-01T00:00:00Z");
  CHECK(schedule.done_steps().value().empty());
  REQUIRE(schedule.record_step({"cut:2026-10", "cut", "2026-10", "2026-11-01T00:00:00Z",
                                "2026-11-01T00:00:04Z", "ok", "run 20261101T000000Z-1a2b"}));
  REQUIRE(schedule.record_step({"submit:2026-10", "submission", "2026-10", "2026-11-02T09:00:00Z",
                                "2026-11-02T09:00:01Z", "skipped", "no submission: section"}));
  CHECK(schedule.done_steps().value() == std::set<std::string>{"cut:2026-10", "submit:2026-10"});
  auto recent = schedule.recent_steps(1).value();
  REQUIRE(recent.size() == 1);
  CHECK(recent[0].step == "submit:2026-10");
  CHECK(recent[0].outcome == "skipped");
}

TEST_CASE("schedule store: a failed pull keeps the last success; a good one clears the error",
          "[unit][store]") {
  testing::TempDir dir("schedule_pulls");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::ScheduleStore schedule(*db);
  REQUIRE(schedule.record_pull("la", "2026-11-04T02:00:00Z", 120, ""));
  REQUIRE(schedule.record_pull("la", "2026-11-05T02:00:00Z", std::nullopt, "HTTP 503"));
  auto pulls = schedule.pulls().value();
  REQUIRE(pulls.size() == 1);
  CHECK(pulls[0].last_attempt_at == "2026-11-05T02:00:00Z");
  CHECK(pulls[0].last_success_at == "2026-11-04T02:00:00Z");
  CHECK(pulls[0].last_rows == 120);
  CHECK(pulls[0].last_error == "HTTP 503");
  CHECK(pulls[0].last_error_at == "2026-11-05T02:00:00Z");

  REQUIRE(schedule.record_pull("la", "2026-11-06T02:00:00Z", 118, ""));
  pulls = schedule.pulls().value();
  CHECK(pulls[0].last_success_at == "2026-11-06T02:00:00Z");
  CHECK(pulls[0].last_rows == 118);
  CHECK(pulls[0].last_error.empty());
  CHECK(pulls[0].last_error_at.empty());

  // A source that has only ever failed has no success time.
  REQUIRE(schedule.record_pull("nhft", "2026-11-06T02:00:00Z", std::nullopt, "no such file"));
  pulls = schedule.pulls().value();
  REQUIRE(pulls.size() == 2);
  CHECK(pulls[1].source == "nhft");
  CHECK(pulls[1].last_success_at.empty());
}
