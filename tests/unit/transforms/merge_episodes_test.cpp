#include <catch2/catch.hpp>

#include "transforms/merge/conflict_queries.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/period/period.hpp"

using namespace atpipe;
using core::Field;

namespace {

core::Record episode(std::string source, int precedence, std::size_t row, std::string admitted,
                     std::string discharged = "") {
  core::Record r;
  r.set(Field::NhsNumber, "9434765919");
  r.set(Field::LocalId, source + std::to_string(row));
  r.set(Field::AdmissionDate, std::move(admitted));
  r.set(Field::DischargeDate, std::move(discharged));
  r.where.source = std::move(source);
  r.where.row = row;
  r.precedence = precedence;
  return r;
}

}  // namespace

TEST_CASE("two stays of one person in one source are two episodes", "[unit][merge]") {
  // Transferred out on 12 September, readmitted on 6 October.
  auto first = episode("nhft", 1, 2, "2025-03-01", "2026-09-12");
  auto second = episode("nhft", 1, 3, "2026-10-06");
  auto reg_first = episode("register", 2, 7, "2025-03-01", "2026-09-12");
  reg_first.set(Field::DsrBeforeAdmission, "N");
  auto reg_second = episode("register", 2, 8, "2026-10-06");
  reg_second.set(Field::DsrBeforeAdmission, "Y");
  // The LA knows only the current placement, without dates of its own.
  auto la = episode("la", 3, 4, "");
  la.set(Field::AdvocacyType, "IMHA");

  auto merged = transforms::merge_by_nhs_number({la, reg_second, second, reg_first, first});
  REQUIRE(merged.size() == 2);
  CHECK(merged[0].person == merged[1].person);
  CHECK(merged[0].episode == 0);
  CHECK(merged[1].episode == 1);
  CHECK(merged[0].record.get(Field::AdmissionDate) == "2025-03-01");
  CHECK(merged[0].record.get(Field::DsrBeforeAdmission) == "N");
  CHECK(merged[1].record.get(Field::AdmissionDate) == "2026-10-06");
  CHECK(merged[1].record.get(Field::DsrBeforeAdmission) == "Y");
  // The open LA record describes the current stay.
  CHECK(merged[1].record.get(Field::AdvocacyType) == "IMHA");
  CHECK_FALSE(merged[0].record.has(Field::AdvocacyType));
  CHECK(merged[0].conflicts.empty());
  CHECK(merged[1].conflicts.empty());
}

TEST_CASE("sources disagreeing on an overlapping stay make one episode and a conflict",
          "[unit][merge]") {
  auto nhft = episode("nhft", 1, 2, "2026-10-06");
  auto la = episode("la", 3, 5, "2026-10-04");
  auto merged = transforms::merge_by_nhs_number({la, nhft});
  REQUIRE(merged.size() == 1);
  REQUIRE(merged[0].conflicts.size() == 1);
  CHECK(merged[0].conflicts[0].field == Field::AdmissionDate);
  CHECK(merged[0].conflicts[0].winner_value == "2026-10-06");
  CHECK(merged[0].conflicts[0].other_value == "2026-10-04");
}

TEST_CASE("a stay that ended before another began is its own episode", "[unit][merge]") {
  auto nhft = episode("nhft", 1, 2, "2026-10-06");
  auto la_old = episode("la", 3, 5, "2019-01-01", "2020-02-02");
  auto merged = transforms::merge_by_nhs_number({la_old, nhft});
  REQUIRE(merged.size() == 2);
  CHECK(merged[0].record.get(Field::DischargeDate) == "2020-02-02");
  CHECK(merged[0].record.where.source == "la");
  CHECK(merged[1].record.where.source == "nhft");
}

TEST_CASE("per-field precedence picks the named source first", "[unit][merge]") {
  auto nhft = episode("nhft", 1, 2, "2026-10-06");
  nhft.set(Field::LastCetrDate, "2026-10-01");
  nhft.set(Field::WardSecurity, "1");
  auto reg = episode("register", 2, 3, "2026-10-06");
  reg.set(Field::LastCetrDate, "2026-10-20");
  reg.set(Field::WardSecurity, "2");
  transforms::MergeOptions options;
  options.field_precedence[Field::LastCetrDate] = {"register"};

  auto merged = transforms::merge_by_nhs_number({nhft, reg}, options);
  REQUIRE(merged.size() == 1);
  const auto& p = merged[0];
  CHECK(p.record.get(Field::LastCetrDate) == "2026-10-20");
  CHECK(p.origin_of(Field::LastCetrDate).source == "register");
  CHECK(p.record.get(Field::WardSecurity) == "1");  // not configured: source precedence
  REQUIRE(p.conflicts.size() == 2);
  for (const auto& c : p.conflicts) {
    if (c.field == Field::LastCetrDate) {
      CHECK(c.winner_value == "2026-10-20");
      CHECK(p.origins[c.other].source == "nhft");
    }
  }
  // Both values, with their sources, reach the query list.
  auto queries = transforms::conflict_queries({&p}, "QPM");
  REQUIRE(queries.size() == 2);
  bool seen = false;
  for (const auto& q : queries) {
    if (q.field == "last_cetr_date") {
      seen = true;
      CHECK(q.value_returned == "2026-10-20");
      CHECK(q.returned_from == "register:register3");
      CHECK(q.other_value == "2026-10-01");
      CHECK(q.other_from == "nhft:nhft2");
    }
  }
  CHECK(seen);
}

TEST_CASE("a past month's return shows the record as it stood at the cut", "[unit][period]") {
  auto p = *transforms::period_from_label("2026-09");
  core::Record r;
  r.set(Field::AdmissionDate, "2024-01-10");
  r.set(Field::DischargeDate, "2026-10-17");
  r.set(Field::DischargeDestination, "2");
  r.set(Field::CetrPostAdmissionDate, "2024-01-30");
  r.set(Field::CetrPostAdmissionOutcome, "1");
  r.set(Field::CetrHistory, "2024-01-30|CTR|1;2026-03-02|CTR|4;2026-10-03|CTR|2");
  r.set(Field::LastCetrDate, "2026-10-03");
  r.set(Field::LastCetrType, "CTR");
  r.set(Field::LastCetrOutcome, "2");
  r.set(Field::OversightVisitLastDate, "2026-09-30");
  r.set(Field::ClinicallyReadyDate, "2026-10-01");

  CHECK(transforms::membership(r, p) == transforms::Membership::InpatientAtCut);
  CHECK(transforms::as_at_cut(r, p) == 4);  // discharge, history entry, last C(E)TR, ready date
  CHECK_FALSE(r.has(Field::DischargeDate));
  CHECK_FALSE(r.has(Field::DischargeDestination));
  CHECK(r.get(Field::CetrHistory) == "2024-01-30|CTR|1;2026-03-02|CTR|4");
  CHECK(r.get(Field::LastCetrDate) == "2026-03-02");
  CHECK(r.get(Field::LastCetrOutcome) == "4");
  CHECK(r.get(Field::CetrPostAdmissionDate) == "2024-01-30");
  CHECK(r.get(Field::OversightVisitLastDate) == "2026-09-30");  // on the cut's month: kept
  CHECK_FALSE(r.has(Field::ClinicallyReadyDate));
  CHECK(transforms::membership(r, p) == transforms::Membership::InpatientAtCut);

  // For October the same record is a discharge, untouched.
  core::Record october = r;
  october.set(Field::DischargeDate, "2026-10-17");
  CHECK(transforms::as_at_cut(october, *transforms::period_from_label("2026-10")) == 0);
  CHECK(october.get(Field::DischargeDate) == "2026-10-17");
}

TEST_CASE("a census folder's files count only at their own cut", "[unit][period]") {
  CHECK(transforms::date_in_file_name("in/ward_census_2026-10-31.csv") ==
        core::parse_iso("2026-10-31"));
  CHECK(transforms::date_in_file_name("2026-09-30.csv") == core::parse_iso("2026-09-30"));
  CHECK_FALSE(transforms::date_in_file_name("2026-02-31_census.csv"));   // not a real date
  CHECK_FALSE(transforms::date_in_file_name("census_12026-10-31.csv"));  // part of a number
  CHECK_FALSE(transforms::date_in_file_name("2026-10-31/census.csv"));   // folder, not file
  CHECK_FALSE(transforms::date_in_file_name("census.csv"));

  auto row = [](std::string file) {
    core::Record r;
    r.where.file = std::move(file);
    return r;
  };
  std::vector<core::Record> census = {
      row("c/ward_census_2026-09-30.csv"), row("c/ward_census_2026-10-30.csv"),
      row("c/ward_census_2026-10-31.csv"), row("c/ward_census_2026-10-31.csv"),
      row("c/ward_census_2026-11-01.csv"), row("extra.csv")};
  auto october = census;
  CHECK(transforms::keep_census_at_cut(october, *transforms::period_from_label("2026-10")) == 3);
  REQUIRE(october.size() == 3);
  CHECK(october[0].where.file == "c/ward_census_2026-10-31.csv");
  CHECK(october[2].where.file == "extra.csv");
  // September's census was taken on its last day; a census on the last working day counts too.
  auto september = census;
  CHECK(transforms::keep_census_at_cut(september, *transforms::period_from_label("2026-09")) == 4);
  CHECK(september[0].where.file == "c/ward_census_2026-09-30.csv");
  std::vector<core::Record> friday = {row("c/ward_census_2026-10-30.csv")};
  CHECK(transforms::keep_census_at_cut(friday, *transforms::period_from_label("2026-10")) == 0);
  auto august = census;
  CHECK(transforms::keep_census_at_cut(august, *transforms::period_from_label("2026-08")) == 5);
  REQUIRE(august.size() == 1);
  CHECK(august[0].where.file == "extra.csv");
}
