#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "store/query_store.hpp"

using namespace atpipe;
using core::QueryStatus;

namespace {

core::Query make(core::QueryReason reason, const std::string& nhs, const std::string& owner) {
  core::Query q;
  q.reason = reason;
  q.nhs_number = nhs;
  q.owner = owner;
  q.action = "check";
  q.id = core::make_query_id(reason, nhs, "");
  return q;
}

struct Fixture {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("atpipe-queries-" + std::to_string(::getpid()) + "-" +
                               std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  Fixture() { std::filesystem::remove_all(dir); }
  ~Fixture() { std::filesystem::remove_all(dir); }
  std::filesystem::path db() const { return dir / "state.db"; }
};

}  // namespace

TEST_CASE("queries open, age, close by data and stay closed by hand", "[unit][store]") {
  Fixture f;
  auto a = make(core::QueryReason::AtOnly, "9990000018", "RP1 (provider)");
  auto b = make(core::QueryReason::CensusOnly, "9990000026", "QPM (commissioner)");
  auto c = make(core::QueryReason::AtOnly, "9990000034", "NV7 (provider)");
  auto db = store::Database::open(f.db());
  REQUIRE(db);
  store::QueryStore queries(*db);
  auto* store = &queries;

  auto sep = store->apply_run({a, b}, "2026-09", "run1");
  REQUIRE(sep);
  CHECK(sep->counts.opened == 2);
  CHECK(sep->open.size() == 2);

  auto oct = store->apply_run({a, c}, "2026-10", "run2");
  REQUIRE(oct);
  CHECK(oct->counts.opened == 1);
  CHECK(oct->counts.still_open == 1);
  CHECK(oct->counts.resolved_by_data == 1);
  REQUIRE(oct->open.size() == 2);
  for (const auto& t : oct->open) {
    if (t.query.id == a.id) {
      CHECK(t.opened_period == "2026-09");
      CHECK(t.age_months == 1);
    } else {
      CHECK(t.query.id == c.id);
      CHECK(t.age_months == 0);
    }
  }
  auto closed = store->find(b.id);
  REQUIRE(closed);
  REQUIRE(*closed);
  CHECK((*closed)->status == QueryStatus::ResolvedByData);
  CHECK((*closed)->closed_period == "2026-10");

  auto resolved = store->resolve(c.id, "patient moved to a Welsh commissioner");
  REQUIRE(resolved);
  CHECK(resolved->status == QueryStatus::ResolvedByHand);
  CHECK_FALSE(store->resolve(c.id, "again"));
  CHECK(store->resolve("Qnope", "x").error().code() == core::ErrorCode::NotFound);
  CHECK_FALSE(store->resolve(a.id, ""));

  auto nov = store->apply_run({a, c}, "2026-11", "run3");
  REQUIRE(nov);
  CHECK(nov->counts.suppressed == 1);
  REQUIRE(nov->open.size() == 1);
  CHECK(nov->open[0].query.id == a.id);
  CHECK(nov->open[0].age_months == 2);

  // A replay of an earlier month reports but changes nothing.
  auto replay = store->apply_run({}, "2026-09", "run4");
  REQUIRE(replay);
  CHECK(replay->counts.resolved_by_data == 1);
  auto still = store->find(a.id);
  REQUIRE(still);
  CHECK((*still)->status == QueryStatus::Open);

  auto open = store->list("open", "");
  REQUIRE(open);
  CHECK(open->size() == 1);
  auto by_hand = store->list("resolved_by_hand", "NV7");
  REQUIRE(by_hand);
  REQUIRE(by_hand->size() == 1);
  CHECK(by_hand->front().note == "patient moved to a Welsh commissioner");
  CHECK(store->list("", "")->size() == 3);

  struct stat info {};
  REQUIRE(::stat(f.db().c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("a query raised again after closing by data reopens in that month", "[unit][store]") {
  Fixture f;
  auto a = make(core::QueryReason::Discrepancy, "9990000018", "RP1 (provider)");
  auto db = store::Database::open(f.db());
  REQUIRE(db);
  store::QueryStore queries(*db);
  auto* store = &queries;
  REQUIRE(store->apply_run({a}, "2026-08", "r1"));
  REQUIRE(store->apply_run({}, "2026-09", "r2"));
  auto back = store->apply_run({a}, "2026-10", "r3");
  REQUIRE(back);
  CHECK(back->counts.opened == 1);
  REQUIRE(back->open.size() == 1);
  CHECK(back->open[0].opened_period == "2026-10");
  CHECK(back->open[0].age_months == 0);
}

TEST_CASE("months between periods", "[unit][core]") {
  CHECK(core::months_between("2026-08", "2026-10") == 2);
  CHECK(core::months_between("2025-12", "2026-01") == 1);
  CHECK(core::months_between("2026-10", "2026-10") == 0);
  CHECK(core::months_between("bad", "2026-10") == 0);
}

TEST_CASE("queries a run could not check stay open", "[unit][store]") {
  Fixture f;
  auto at_only = make(core::QueryReason::AtOnly, "9990000018", "RP1 (provider)");
  auto conflict = make(core::QueryReason::SourceConflict, "9990000026", "RP1 (provider)");
  auto db = store::Database::open(f.db());
  REQUIRE(db);
  store::QueryStore queries(*db);
  auto* store = &queries;
  REQUIRE(store->apply_run({at_only, conflict}, "2026-09", "run1"));

  // October: no census yet, so AT_ONLY was not asked; the source conflict was and is gone.
  auto oct = store->apply_run({}, "2026-10", "run2", {core::QueryReason::AtOnly});
  REQUIRE(oct);
  CHECK(oct->counts.still_open == 1);
  CHECK(oct->counts.resolved_by_data == 1);
  REQUIRE(oct->open.size() == 1);
  CHECK(oct->open[0].query.id == at_only.id);
  CHECK(oct->open[0].age_months == 1);
  auto listed = store->list("open", "");
  REQUIRE(listed);
  REQUIRE(listed->size() == 1);
  CHECK((*listed)[0].query.id == at_only.id);

  // November, with a census that no longer raises it: resolved by the data.
  auto nov = store->apply_run({}, "2026-11", "run3");
  REQUIRE(nov);
  CHECK(nov->counts.resolved_by_data == 1);
  CHECK(nov->open.empty());
}
