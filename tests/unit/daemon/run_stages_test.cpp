#include <catch2/catch.hpp>

#include "daemon/run_stages.hpp"
#include "store/run_store.hpp"
#include "store/source_state_sqlite.hpp"
#include "tests/support/run_binary.hpp"
#include "transforms/episodes/census_candidates.hpp"
#include "transforms/reconcile/linked_rejected.hpp"

using namespace atpipe;
using transforms::Membership;

namespace {

transforms::MergedPatient episode(std::size_t person, std::size_t number, bool s17 = false) {
  transforms::MergedPatient p;
  p.person = person;
  p.episode = number;
  p.record.set(core::Field::S17ExtendedLeave, s17 ? "Y" : "N");
  return p;
}

}  // namespace

TEST_CASE("period stage: S17 leave is not on a ward; two open episodes check the latest",
          "[unit][daemon]") {
  std::vector<transforms::MergedPatient> patients = {episode(0, 0), episode(0, 1),
                                                     episode(1, 0, true), episode(2, 0)};
  std::vector<Membership> memberships = {Membership::InpatientAtCut, Membership::InpatientAtCut,
                                         Membership::InpatientAtCut, Membership::AdmittedAfterCut};
  store::RunRecord run;
  auto sets = daemon::select_period(patients, memberships, run);
  CHECK(sets.in_return.size() == 3);
  REQUIRE(sets.at_cut.size() == 1);
  CHECK(sets.at_cut[0] == &patients[1]);
  CHECK(run.inpatients_at_cut == 3);
  CHECK(run.outside_period == 1);
  CHECK(run.patients == 4);
}

TEST_CASE("rows refused only for an identifying value still take part in linkage",
          "[unit][daemon]") {
  core::Record rec;
  CHECK_FALSE(transforms::rejected_only_for_identifying_values(rec));
  rec.findings.emplace_back("AT-R011", core::Severity::Error, "nhs_number", "bad check digit");
  rec.findings.emplace_back("AT-R050", core::Severity::Warning, "postcode_home", "odd");
  CHECK(transforms::rejected_only_for_identifying_values(rec));
  rec.findings.emplace_back("AT-R020", core::Severity::Error, "date_of_birth", "missing");
  CHECK(transforms::rejected_only_for_identifying_values(rec));
  rec.findings.emplace_back("AT-R040", core::Severity::Error, "gender_v3", "not a code");
  CHECK_FALSE(transforms::rejected_only_for_identifying_values(rec));
}

TEST_CASE("the period stage refuses a bad or future month", "[unit][daemon]") {
  daemon::RunOptions options;
  options.today = core::parse_iso("2026-11-23").value();
  CHECK(daemon::choose_period(options)->label == "2026-10");
  options.period = "2026-13";
  CHECK(daemon::choose_period(options).error().code() == core::ErrorCode::Config);
  options.period = "2026-12";
  CHECK(daemon::choose_period(options).error().message().find("has not started") !=
        std::string::npos);
}

namespace {

core::Query at_only(const std::string& nhs) {
  core::Query q;
  q.reason = core::QueryReason::AtOnly;
  q.nhs_number = nhs;
  q.owner = "RP1 (provider)";
  q.action = "check";
  q.id = core::make_query_id(q.reason, nhs, "");
  return q;
}

struct RecordFixture {
  atpipe::testing::TempDir dir{"record-stage"};
  store::Database db = store::Database::open(dir.path() / "state.db").value();
  store::QueryStore queries{db};
  store::SqliteSourceState taken{db, "2026-11-01T00:00:00Z"};
  daemon::PendingSourceState pending{&taken};
  daemon::RunOptions options;
  store::RunRecord run;

  RecordFixture() {
    options.now = [] { return std::chrono::system_clock::time_point(std::chrono::hours(1)); };
    run.run_id = "20261101T000000Z-0001";
    run.started_at = "2026-11-01T00:00:00Z";
    run.period = "2026-10";
    run.status = "ok";
  }
};

}  // namespace

TEST_CASE("record stage: a query resolved by hand while the run worked stays resolved",
          "[unit][daemon]") {
  RecordFixture f;
  auto q = at_only("9990000018");
  REQUIRE(f.queries.apply_run({q}, "2026-09", "r0"));
  auto fresh = at_only("9990000026");
  REQUIRE(f.queries.resolve(q.id, "moved out of area"));
  f.pending.mark("nhft", "a.csv|1|1", "a.csv");
  REQUIRE(daemon::record_run(f.db, f.options, {q, fresh}, {}, {}, f.pending, f.run));
  CHECK(f.queries.find(q.id).value()->status == core::QueryStatus::ResolvedByHand);
  CHECK(f.queries.find(fresh.id).value()->status == core::QueryStatus::Open);
  CHECK(f.run.queries_opened == 1);
  CHECK(f.run.finished_at == "1970-01-01T01:00:00Z");
  CHECK(f.taken.seen("nhft", "a.csv|1|1"));
  CHECK(store::RunStore(f.db).has_run(f.run.run_id).value());
}

TEST_CASE("record stage: a partial run keeps its record and nothing else", "[unit][daemon]") {
  RecordFixture f;
  auto q = at_only("9990000018");
  REQUIRE(f.queries.apply_run({q}, "2026-09", "r0"));
  f.run.status = "partial";
  f.pending.mark("nhft", "a.csv|1|1", "a.csv");
  REQUIRE(daemon::record_run(f.db, f.options, {at_only("9990000026")}, {}, {}, f.pending, f.run));
  auto all = f.queries.list("", "");
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  CHECK(all->front().query.id == q.id);
  CHECK(all->front().status == core::QueryStatus::Open);
  CHECK(all->front().last_seen_period == "2026-09");
  CHECK_FALSE(f.taken.seen("nhft", "a.csv|1|1"));
  CHECK(f.run.queries_opened == 0);
  CHECK(store::RunStore(f.db).has_run(f.run.run_id).value());
}
