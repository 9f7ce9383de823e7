#include <catch2/catch.hpp>

#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/mapping/mapper.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/outputs/csv_text.hpp"
#include "transforms/period/period.hpp"
#include "transforms/reconcile/exact.hpp"

using namespace atpipe;
using core::Field;
using test::column;

namespace {

core::Record rec(std::string nhs, std::string source, int precedence, std::size_t row) {
  core::Record r;
  r.set(Field::NhsNumber, std::move(nhs));
  r.where.source = std::move(source);
  r.where.row = row;
  r.precedence = precedence;
  return r;
}

}  // namespace

TEST_CASE("the mapper normalises by field kind and reports bad values", "[unit][mapping]") {
  config::SourceSpec spec;
  spec.name = "nhft";
  spec.precedence = 1;
  spec.mapping = {column(Field::LocalId, "id"), column(Field::NhsNumber, "nhs"),
                  column(Field::DateOfBirth, "dob", {"%d/%m/%Y"}),
                  column(Field::PostcodeHome, "pc"),
                  column(Field::MhaLegalStatus, "mha", {}, "mha")};
  config::FieldMapping constant;
  constant.field = Field::ProviderCode;
  constant.constant = "rp1";
  spec.mapping.push_back(constant);
  std::map<std::string, config::CodeMap> maps;
  maps["mha"].entries = {{"S3", "03"}, {"Informal", "1"}};

  core::RawBatch batch;
  batch.file = "x.csv";
  batch.header = {"id", "nhs", "dob", "pc", "mha"};
  batch.rows = {{2, {" A1 ", "943 476 5919", "07/03/1989", "nn15bd", "s3"}, ""},
                {3, {"A2", "9434765919", "31/02/1989", "NN1 5BD", "S99"}, ""},
                {4, {"A3", "", "", "", "INFORMAL"}, "row has 4 fields but the header has 5"},
                {5, {"A4", "9434765919", "", "", "INFORMAL"}, ""}};
  transforms::Mapper mapper(spec, maps);
  auto out = mapper.map(batch);
  REQUIRE(out);
  REQUIRE(out->size() == 4);
  const auto& a = (*out)[0];
  CHECK(a.get(Field::LocalId) == "A1");
  CHECK(a.get(Field::NhsNumber) == "9434765919");
  CHECK(a.get(Field::DateOfBirth) == "1989-03-07");
  CHECK(a.get(Field::PostcodeHome) == "NN1 5BD");
  CHECK(a.get(Field::MhaLegalStatus) == "03");
  CHECK(a.get(Field::ProviderCode) == "RP1");
  CHECK(a.where.row == 2);
  CHECK(a.findings.empty());
  const auto& b = (*out)[1];
  REQUIRE(b.findings.size() == 2);
  CHECK(b.findings[0].rule == "ATP-M001");
  CHECK(b.findings[0].message == "date_of_birth is not a real date in the format %d/%m/%Y");
  CHECK(b.findings[1].rule == "ATP-M002");
  CHECK(b.findings[1].message == "mha_legal_status: source code 'S99' is not in code map 'mha'");
  // A malformed row keeps only its local id: its other values may be under the wrong column.
  const auto& c = (*out)[2];
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].rule == "ATP-M003");
  CHECK(c.get(Field::LocalId) == "A3");
  CHECK_FALSE(c.has(Field::MhaLegalStatus));
  CHECK((*out)[3].get(Field::MhaLegalStatus) == "01");  // case-insensitive map, two digits
}

TEST_CASE("a mapped column missing from the header fails the batch", "[unit][mapping]") {
  config::SourceSpec spec;
  spec.name = "la";
  spec.mapping = {column(Field::NhsNumber, "NHS No")};
  core::RawBatch batch;
  batch.file = "la.csv";
  batch.header = {"NHSNo"};
  transforms::Mapper mapper(spec, {});
  auto out = mapper.map(batch);
  REQUIRE_FALSE(out);
  CHECK(out.error().describe() ==
        "source 'la', file 'la.csv', row 1: column 'NHS No' mapped to 'nhs_number' is not in "
        "the file's header");
}

TEST_CASE("period membership follows the cut (AT-R170)", "[unit][period]") {
  auto p = *transforms::period_from_label("2026-10");
  auto with = [](std::string adm, std::string dis) {
    core::Record r;
    r.set(Field::AdmissionDate, std::move(adm));
    r.set(Field::DischargeDate, std::move(dis));
    return r;
  };
  using transforms::Membership;
  CHECK(membership(with("2026-10-31", ""), p) == Membership::InpatientAtCut);
  CHECK(membership(with("2026-11-01", ""), p) == Membership::AdmittedAfterCut);
  CHECK(membership(with("2020-01-01", "2026-11-01"), p) == Membership::InpatientAtCut);
  CHECK(membership(with("2020-01-01", "2026-10-31"), p) == Membership::DischargedInPeriod);
  CHECK(membership(with("2020-01-01", "2026-10-01"), p) == Membership::DischargedInPeriod);
  CHECK(membership(with("2020-01-01", "2026-09-30"), p) == Membership::EndedBeforePeriod);
  CHECK(membership(with("", ""), p) == Membership::Undated);
  CHECK(transforms::last_complete_period(p.cut).label == "2026-09");
  CHECK(transforms::last_complete_period(*core::parse_iso("2026-01-05")).label == "2025-12");
}

TEST_CASE("merge fills each field from the lowest precedence that has it", "[unit][merge]") {
  auto la = rec("9434765919", "la", 3, 2);
  la.set(Field::PostcodeHome, "NN2 6AB");
  la.set(Field::EthnicCategory, "A");
  auto nhft = rec("9434765919", "nhft", 1, 5);
  nhft.set(Field::PostcodeHome, "NN1 5BD");
  auto other = rec("9990000018", "la", 3, 3);
  auto merged = transforms::merge_by_nhs_number({la, other, nhft});
  REQUIRE(merged.size() == 2);
  const auto& p = merged[0];
  CHECK(p.record.get(Field::NhsNumber) == "9434765919");
  CHECK(p.record.get(Field::PostcodeHome) == "NN1 5BD");
  CHECK(p.record.get(Field::EthnicCategory) == "A");
  CHECK(p.record.where.source == "nhft");
  CHECK(p.origins.size() == 2);
  REQUIRE(p.conflicts.size() == 1);
  CHECK(p.conflicts[0].field == Field::PostcodeHome);
  CHECK(p.conflicts[0].winner_value == "NN1 5BD");
  CHECK(p.conflicts[0].other_value == "NN2 6AB");
  CHECK(p.origins[p.conflicts[0].other].source == "la");
  CHECK(p.origin_of(Field::EthnicCategory).source == "la");
}

TEST_CASE("names differing only in case (any script) do not conflict", "[unit][merge]") {
  auto a = rec("9434765919", "nhft", 1, 2);
  a.set(Field::Surname, "Brontë");
  auto b = rec("9434765919", "register", 2, 2);
  b.set(Field::Surname, "BRONTË");
  auto c = rec("9434765919", "la", 3, 2);
  c.set(Field::Surname, "Bronte");
  auto merged = transforms::merge_by_nhs_number({a, b, c});
  REQUIRE(merged.size() == 1);
  REQUIRE(merged[0].conflicts.size() == 1);
  CHECK(merged[0].conflicts[0].other_value == "Bronte");
}

TEST_CASE("exact reconciliation gives every outcome a query", "[unit][reconcile]") {
  auto both = rec("9434765919", "nhft", 1, 2);
  both.set(Field::ProviderCode, "RP1");
  both.set(Field::DateOfBirth, "1990-01-02");
  auto at_only = rec("9990000018", "nhft", 1, 3);
  at_only.set(Field::ProviderCode, "NV7");
  auto merged = transforms::merge_by_nhs_number({both, at_only});
  std::vector<const transforms::MergedPatient*> at = {&merged[0], &merged[1]};

  auto c1 = rec("9434765919", "census", 1, 2);
  c1.set(Field::DateOfBirth, "1990-02-01");
  auto c2 = rec("9990000026", "census", 1, 3);
  auto c3 = rec("9990000034", "census", 1, 4);
  auto c4 = rec("9990000034", "census", 1, 5);
  auto result = transforms::reconcile_exact(at, {c1, c2, c3, c4},
                                            {Field::DateOfBirth, Field::PostcodeHome}, "QPM");
  CHECK(result.counts.matched == 1);
  CHECK(result.counts.matched_with_discrepancies == 1);
  CHECK(result.counts.at_only == 1);
  CHECK(result.counts.census_only == 2);
  CHECK(result.counts.census_duplicates == 1);
  REQUIRE(result.queries.size() == 5);
  const auto& q = result.queries[0];
  CHECK(q.reason == transforms::QueryReason::AtOnly);
  CHECK(q.owner == "NV7 (provider)");
  const auto& disc = result.queries[3];
  CHECK(disc.reason == transforms::QueryReason::Discrepancy);
  CHECK(disc.field == "date_of_birth");
  CHECK(disc.value_returned == "1990-01-02");
  CHECK(disc.returned_from == "nhft:");
  CHECK(disc.other_value == "1990-02-01");
  CHECK(disc.other_from == "census:row 2");
  // Ids are stable and depend on what the query is about.
  CHECK(disc.id == transforms::make_query_id(transforms::QueryReason::Discrepancy, "9434765919",
                                             "date_of_birth"));
  CHECK(disc.id != transforms::make_query_id(transforms::QueryReason::Discrepancy, "9434765919",
                                             "postcode_home"));
}

TEST_CASE("CSV output quotes only what needs it", "[unit][outputs]") {
  CHECK(transforms::csv_field("plain") == "plain");
  CHECK(transforms::csv_field("Smith, Jnr") == "\"Smith, Jnr\"");
  CHECK(transforms::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(transforms::csv_field("two\nlines") == "\"two\nlines\"");
  transforms::CsvText csv("\r\n");
  csv.row({"a", "b,c"});
  CHECK(csv.str() == "a,\"b,c\"\r\n");
}
