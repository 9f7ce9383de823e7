#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/query_store.hpp"
#include "tests/support/run_binary.hpp"

using namespace atpipe;

namespace {

core::Query with_id(const std::string& id, const std::string& value) {
  core::Query q;
  q.id = id;
  q.reason = core::QueryReason::Discrepancy;
  q.owner = "RP1 (provider)";
  q.action = "check";
  q.value_returned = value;
  return q;
}

std::vector<std::size_t> raised_order(const std::vector<const store::QueryUpsert*>& order) {
  std::vector<std::size_t> out;
  for (const auto* u : order) {
    out.push_back(u->raised);
  }
  return out;
}

}  // namespace

TEST_CASE("queries are written in id order, a repeated id in its raised order", "[unit][store]") {
  // Ids that share their first eight bytes are told apart by the rest; one shorter than eight
  // bytes sorts before the longer ids it begins.
  const std::vector<core::Query> raised = {with_id("Q00000000b", "1"), with_id("Q00000000a", "2"),
                                           with_id("Q0000", "3"),      with_id("Q00000000b", "4"),
                                           with_id("Qffffffff", "5"),  with_id("Q00000000b", "6")};
  std::vector<store::QueryUpsert> upserts;
  for (std::size_t i = 0; i < raised.size(); ++i) {
    upserts.push_back({i, "2026-10"});
  }
  const auto order = store::in_id_order(upserts, raised);
  CHECK(raised_order(order) == std::vector<std::size_t>{2, 1, 0, 3, 5, 4});
  // Only the upserts a plan made are ordered (a query resolved by hand has none).
  upserts.erase(upserts.begin() + 1);
  CHECK(raised_order(store::in_id_order(upserts, raised)) ==
        std::vector<std::size_t>{2, 0, 3, 5, 4});
}

TEST_CASE("a query id raised three times keeps the last raised values once written",
          "[unit][store]") {
  testing::TempDir dir("query-write-order");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  store::QueryStore queries(*db);
  const std::vector<core::Query> raised = {
      with_id("Q000000000002", "first"), with_id("Q000000000001", "other"),
      with_id("Q000000000002", "second"), with_id("Q000000000002", "last")};
  REQUIRE(queries.apply_run(raised, "2026-10", "r1"));
  auto kept = queries.find("Q000000000002");
  REQUIRE(kept);
  REQUIRE(*kept);
  CHECK((*kept)->query.value_returned == "last");
  CHECK(queries.list("", "")->size() == 2);
}

TEST_CASE("every open query of a repeated id shows the subject of its first raising",
          "[unit][store]") {
  testing::TempDir dir("query-plan-subject");
  auto db = store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  auto first = with_id("Q000000000007", "a");
  first.subject.local_id = "L1";
  auto other = with_id("Q000000000008", "b");
  other.subject.local_id = "L2";
  auto again = with_id("Q000000000007", "c");
  again.subject.local_id = "L3";
  auto plan = store::QueryStore(*db).plan_run({first, other, again}, "2026-10");
  REQUIRE(plan);
  REQUIRE(plan->result.open.size() == 3);
  CHECK(plan->result.open[0].query.subject.local_id == "L1");
  CHECK(plan->result.open[1].query.subject.local_id == "L2");
  CHECK(plan->result.open[2].query.subject.local_id == "L1");
  CHECK(plan->result.open[2].query.value_returned == "c");
}
