#include <catch2/catch.hpp>

#include "daemon/run_stages.hpp"
#include "store/run_store.hpp"
#include "store/source_state_sqlite.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;

namespace {

core::Query discrepancy(const std::string& nhs) {
  core::Query q;
  q.reason = core::QueryReason::Discrepancy;
  q.nhs_number = nhs;
  q.owner = "RP1 (provider)";
  q.action = "check the surname against the ward's own record";
  q.field = "surname";
  q.id = core::make_query_id(q.reason, nhs, q.field);
  return q;
}

// A run that planned its queries (plan_queries) and is about to record them.
struct PlannedRun {
  testing::TempDir dir{"record-plan"};
  store::Database db = store::Database::open(dir.path() / "state.db").value();
  store::SqliteSourceState taken{db, "2026-11-01T00:00:00Z"};
  daemon::PendingSourceState pending{&taken};
  daemon::RunOptions options;
  daemon::Reconciled reconciled;
  transforms::Period period;
  store::RunRecord run;
  std::vector<core::Query> raised = {discrepancy("9990000018"), discrepancy("9990000026")};

  PlannedRun() {
    options.now = [] { return std::chrono::system_clock::time_point(std::chrono::hours(1)); };
    period.label = "2026-10";
    run.run_id = "20261101T000000Z-0002";
    run.started_at = "2026-11-01T00:00:00Z";
    run.period = "2026-10";
    run.status = "ok";
    REQUIRE(store::QueryStore(db).apply_run({raised[0]}, "2026-09", "r0"));
  }
  // plan_queries lends the raised queries to its list; they are given back, as they were.
  store::QueryWrites plan() {
    const auto before = raised;
    auto plan = daemon::plan_queries(db, raised, period, reconciled, run);
    REQUIRE(plan);
    REQUIRE(plan->result.open.size() == before.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
      CHECK(plan->result.open[i].query.id == before[i].id);
      CHECK(plan->result.open[i].query.action == before[i].action);
    }
    store::give_back(std::move(plan->result.open), plan->writes, raised);
    for (std::size_t i = 0; i < before.size(); ++i) {
      CHECK(raised[i].id == before[i].id);
      CHECK(raised[i].owner == before[i].owner);
      CHECK(raised[i].nhs_number == before[i].nhs_number);
    }
    return std::move(plan->writes);
  }
  core::Expected<void> record(const store::QueryWrites& planned) {
    return daemon::record_run(db, options, raised, reconciled, planned, pending, run);
  }
};

}  // namespace

TEST_CASE("record stage: a plan nothing has changed since is written as planned",
          "[unit][daemon]") {
  PlannedRun f;
  auto planned = f.plan();
  CHECK(planned.counts.still_open == 1);
  CHECK(planned.counts.opened == 1);
  // Nothing wrote in between, so the plan is not made again: an edited plan is what is kept.
  REQUIRE(planned.upserts.size() == 2);
  planned.upserts[1].opened_period = "2026-08";
  REQUIRE(f.record(planned));
  store::QueryStore queries(f.db);
  CHECK(queries.find(f.raised[0].id).value()->opened_period == "2026-09");
  CHECK(queries.find(f.raised[1].id).value()->opened_period == "2026-08");
  CHECK(f.run.queries == 2);
  CHECK(f.run.queries_opened == 1);
  CHECK(store::RunStore(f.db).has_run(f.run.run_id).value());
}

TEST_CASE("record stage: a query resolved on another connection after the plan stays resolved",
          "[unit][daemon]") {
  PlannedRun f;
  auto planned = f.plan();
  {
    auto other = store::Database::open(f.dir.path() / "state.db");
    REQUIRE(other);
    REQUIRE(store::QueryStore(*other).resolve(f.raised[0].id, "seen on the ward"));
  }
  REQUIRE(f.record(planned));
  store::QueryStore queries(f.db);
  CHECK(queries.find(f.raised[0].id).value()->status == core::QueryStatus::ResolvedByHand);
  CHECK(queries.find(f.raised[1].id).value()->status == core::QueryStatus::Open);
  CHECK(f.run.queries == 1);
  CHECK(f.run.queries_opened == 1);
}

TEST_CASE(
    "record stage: a query resolved on the run's own connection after the plan stays "
    "resolved",
    "[unit][daemon]") {
  PlannedRun f;
  auto planned = f.plan();
  REQUIRE(store::QueryStore(f.db).resolve(f.raised[0].id, "seen on the ward"));
  REQUIRE(f.record(planned));
  CHECK(store::QueryStore(f.db).find(f.raised[0].id).value()->status ==
        core::QueryStatus::ResolvedByHand);
  CHECK(f.run.queries == 1);
}

namespace {

// Each row of the queries table, as `atpipe queries` lists it.
std::vector<std::string> table(store::Database& db) {
  std::vector<std::string> out;
  auto listed = store::QueryStore(db).list("", "");
  REQUIRE(listed);
  for (const auto& t : *listed) {
    const auto& q = t.query;
    out.push_back(q.id + "|" + q.owner + "|" + q.action + "|" + q.nhs_number + "|" + q.field + "|" +
                  std::string(core::to_string(t.status)) + "|" + t.opened_period + "|" +
                  t.last_seen_period + "|" + t.closed_period + "|" + t.note);
  }
  return out;
}

}  // namespace

TEST_CASE("record stage: the lent queries are recorded as the copying store writes them",
          "[unit][daemon]") {
  const bool changed = GENERATE(false, true);
  PlannedRun f;
  PlannedRun copy;
  auto planned = f.plan();
  if (changed) {
    REQUIRE(store::QueryStore(f.db).resolve(f.raised[0].id, "seen on the ward"));
    REQUIRE(store::QueryStore(copy.db).resolve(copy.raised[0].id, "seen on the ward"));
  }
  REQUIRE(f.record(planned));
  REQUIRE(store::QueryStore(copy.db).apply_run(copy.raised, "2026-10", "r1"));
  CHECK(table(f.db) == table(copy.db));
  CHECK(table(f.db).size() == 2);
  CHECK(f.run.queries == (changed ? 1 : 2));
}

TEST_CASE("a write stamp changes with any commit, from this connection or another",
          "[unit][store]") {
  testing::TempDir dir("write-stamp");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  auto first = db->write_stamp();
  REQUIRE(first);
  CHECK(first->same_as(db->write_stamp().value()));
  CHECK_FALSE(store::WriteStamp{}.same_as(store::WriteStamp{}));
  {
    auto other = store::Database::open(dir.path() / "state.db");
    REQUIRE(other);
    REQUIRE(store::QueryStore(*other).apply_run({discrepancy("9990000018")}, "2026-09", "r1"));
  }
  auto second = db->write_stamp();
  REQUIRE(second);
  CHECK_FALSE(first->same_as(*second));
  REQUIRE(store::QueryStore(*db).apply_run({discrepancy("9990000026")}, "2026-10", "r2"));
  CHECK_FALSE(second->same_as(db->write_stamp().value()));
}
