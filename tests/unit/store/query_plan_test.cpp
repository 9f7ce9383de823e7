#include <catch2/catch.hpp>

#include "store/query_store.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;

namespace {

core::Query raise(core::QueryReason reason, const std::string& nhs, const std::string& value) {
  core::Query q;
  q.reason = reason;
  q.nhs_number = nhs;
  q.owner = "RP1 (provider)";
  q.action = "check";
  q.value_returned = value;
  q.id = core::make_query_id(reason, nhs, "");
  return q;
}

std::vector<std::string> ids(const std::vector<core::TrackedQuery>& open) {
  std::vector<std::string> out;
  for (const auto& t : open) {
    out.push_back(t.query.id);
  }
  return out;
}

}  // namespace

TEST_CASE("a plan lists raised queries in the order raised, then the unasked ones by id",
          "[unit][store]") {
  testing::TempDir dir("query-plan");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::QueryStore queries(*db);
  std::vector<core::Query> old;
  for (const char* nhs : {"9990000018", "9990000026", "9990000034", "9990000042"}) {
    old.push_back(raise(core::QueryReason::AtOnly, nhs, "a"));
  }
  REQUIRE(queries.apply_run(old, "2026-09", "r1"));
  auto fresh = raise(core::QueryReason::CensusOnly, "9990000050", "b");
  // No census in October: the AT_ONLY queries not raised again are kept, ordered by id.
  const std::vector<core::Query> raised = {fresh, old[2]};
  auto plan = queries.plan_run(raised, "2026-10", {core::QueryReason::AtOnly});
  REQUIRE(plan);
  std::vector<std::string> unasked = {old[0].id, old[1].id, old[3].id};
  std::sort(unasked.begin(), unasked.end());
  std::vector<std::string> expected = {fresh.id, old[2].id};
  expected.insert(expected.end(), unasked.begin(), unasked.end());
  CHECK(ids(plan->result.open) == expected);
  CHECK(plan->result.open[1].opened_period == "2026-09");
  CHECK(plan->result.open[1].age_months == 1);
  CHECK(plan->result.open[2].query.value_returned == "a");
  CHECK(plan->result.open[2].last_seen_period == "2026-09");
  CHECK(plan->writes.counts.still_open == 4);
  CHECK(plan->writes.counts.opened == 1);
  CHECK(plan->writes.open == 5);
  REQUIRE(plan->writes.upserts.size() == 2);
  CHECK(plan->writes.upserts[1].raised == 1);
  CHECK(plan->writes.upserts[1].opened_period == "2026-09");
  CHECK(plan->writes.closes.empty());
}

TEST_CASE("a query raised twice in one run is kept with its last values", "[unit][store]") {
  testing::TempDir dir("query-plan-twice");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::QueryStore queries(*db);
  auto first = raise(core::QueryReason::Discrepancy, "9990000018", "first");
  auto again = raise(core::QueryReason::Discrepancy, "9990000018", "again");
  auto result = queries.apply_run({first, again}, "2026-10", "r1");
  REQUIRE(result);
  CHECK(result->counts.opened == 2);
  CHECK(result->open.size() == 2);
  auto kept = queries.find(first.id);
  REQUIRE(kept);
  REQUIRE(*kept);
  CHECK((*kept)->query.value_returned == "again");
  CHECK(queries.list("", "")->size() == 1);
}
