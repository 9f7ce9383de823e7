// plan_run_lending and give_back (issue 11): the open list takes the raised queries instead of
// copying them, and gives them back as they were; the plan is plan_run's in every part.
#include <catch2/catch.hpp>

#include "store/query_store.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;

namespace {

core::Query raise(core::QueryReason reason, const std::string& nhs, const std::string& value,
                  const std::string& surname) {
  core::Query q;
  q.reason = reason;
  q.nhs_number = nhs;
  q.owner = "RP1 (provider) with a name longer than the short-string buffer";
  q.action = "check the value against the ward's own record";
  q.value_returned = value;
  q.at_refs = "ward:" + nhs + ";other:" + nhs;
  q.evidence = "weight 12.5, probability 0.97";
  q.subject.surname = surname;
  q.subject.local_id = "L" + nhs + "-with-a-long-local-identifier";
  q.id = core::make_query_id(reason, nhs, "");
  return q;
}

// Every field of a query, its subject's too, to compare two queries whole.
std::vector<std::string> fields(const core::Query& q) {
  const auto& s = q.subject;
  return {q.id,
          q.owner,
          q.action,
          q.nhs_number,
          q.at_refs,
          q.census_ref,
          q.field,
          q.value_returned,
          q.returned_from,
          q.other_value,
          q.other_from,
          q.evidence,
          s.local_id,
          s.surname,
          s.forename,
          s.date_of_birth,
          s.site,
          s.admission_date,
          std::string(core::reason_code(q.reason))};
}

std::vector<std::string> fields(const core::TrackedQuery& t) {
  auto out = fields(t.query);
  out.insert(out.end(),
             {std::string(core::to_string(t.status)), t.opened_period, t.last_seen_period,
              t.closed_period, t.note, std::to_string(t.age_months)});
  return out;
}

std::vector<std::vector<std::string>> rows(const std::vector<core::TrackedQuery>& list) {
  std::vector<std::vector<std::string>> out;
  for (const auto& t : list) {
    out.push_back(fields(t));
  }
  return out;
}

std::vector<std::vector<std::string>> rows(const std::vector<core::Query>& list) {
  std::vector<std::vector<std::string>> out;
  for (const auto& q : list) {
    out.push_back(fields(q));
  }
  return out;
}

void same_writes(const store::QueryWrites& a, const store::QueryWrites& b) {
  REQUIRE(a.upserts.size() == b.upserts.size());
  for (std::size_t i = 0; i < a.upserts.size(); ++i) {
    CHECK(a.upserts[i].raised == b.upserts[i].raised);
    CHECK(a.upserts[i].opened_period == b.upserts[i].opened_period);
  }
  CHECK(a.closes == b.closes);
  CHECK(a.open == b.open);
  CHECK(a.replay == b.replay);
  CHECK(a.counts.opened == b.counts.opened);
  CHECK(a.counts.still_open == b.counts.still_open);
  CHECK(a.counts.resolved_by_data == b.counts.resolved_by_data);
  CHECK(a.counts.suppressed == b.counts.suppressed);
}

}  // namespace

TEST_CASE("a lending plan lists and writes what a copying plan does, and gives the queries back",
          "[unit][store]") {
  testing::TempDir dir("query-lending");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::QueryStore queries(*db);
  const auto at = core::QueryReason::AtOnly;
  const auto census = core::QueryReason::CensusOnly;
  std::vector<core::Query> old = {
      raise(at, "9990000018", "a", "Kept"), raise(at, "9990000026", "b", "Hand"),
      raise(at, "9990000034", "c", "Unasked"), raise(census, "9990000042", "d", "Closed")};
  REQUIRE(queries.apply_run(old, "2026-09", "r1"));
  REQUIRE(queries.resolve(old[1].id, "seen on the ward"));
  // Raised again (still open), twice with different subjects, one resolved by hand
  // (suppressed), a new one; old[2] is not asked (AT_ONLY not checked), old[3] closes.
  const std::vector<core::Query> raised = {
      raise(at, "9990000018", "a2", "First"), raise(census, "9990000050", "e", "New"),
      raise(at, "9990000026", "b2", "Suppressed"), raise(at, "9990000018", "a3", "Second")};
  const std::set<core::QueryReason> not_checked = {at};
  auto copied = queries.plan_run(raised, "2026-10", not_checked);
  REQUIRE(copied);
  auto lent_from = raised;
  auto lent = queries.plan_run_lending(lent_from, "2026-10", not_checked);
  REQUIRE(lent);
  CHECK(rows(lent->result.open) == rows(copied->result.open));
  REQUIRE(copied->result.open.size() == 4);
  // The second query of an id shows the first one's subject in the list.
  CHECK(copied->result.open[2].query.subject.surname == "First");
  CHECK(lent->result.open[2].query.subject.surname == "First");
  same_writes(lent->writes, copied->writes);
  auto counted = queries.plan_writes(raised, "2026-10", not_checked);
  REQUIRE(counted);
  same_writes(*counted, copied->writes);

  store::give_back(std::move(lent->result.open), lent->writes, lent_from);
  CHECK(rows(lent_from) == rows(raised));
}

TEST_CASE("a lending plan of no queries and of a replay gives back nothing", "[unit][store]") {
  testing::TempDir dir("query-lending-empty");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::QueryStore queries(*db);
  const std::vector<core::Query> first = {
      raise(core::QueryReason::AtOnly, "9990000018", "a", "One")};
  REQUIRE(queries.apply_run(first, "2026-10", "r1"));
  std::vector<core::Query> none;
  auto plan = queries.plan_run_lending(none, "2026-11");
  REQUIRE(plan);
  CHECK(plan->result.open.empty());
  CHECK(plan->writes.closes.size() == 1);
  store::give_back(std::move(plan->result.open), plan->writes, none);
  CHECK(none.empty());
  auto again = first;
  auto replay = queries.plan_run_lending(again, "2026-09");
  REQUIRE(replay);
  CHECK(replay->writes.replay);
  CHECK(rows(replay->result.open) == rows(queries.plan_run(first, "2026-09")->result.open));
  store::give_back(std::move(replay->result.open), replay->writes, again);
  CHECK(rows(again) == rows(first));
}
