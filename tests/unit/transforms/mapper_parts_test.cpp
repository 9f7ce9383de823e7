#include <catch2/catch.hpp>

#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/mapping/mapper.hpp"

using namespace atpipe;
using core::Field;
using test::column;

namespace {

config::FieldMapping constant(Field f, std::string value, std::vector<std::string> formats = {}) {
  config::FieldMapping m;
  m.field = f;
  m.constant = std::move(value);
  m.formats = std::move(formats);
  return m;
}

// Every field's value and every finding, so that two records can be compared whole.
std::string describe(const core::Record& r) {
  std::string out = r.where.describe() + " p" + std::to_string(r.precedence) + ":";
  for (const auto& info : core::all_fields()) {
    if (r.has(info.id)) {
      out += " " + std::string(info.name) + "=" + std::string(r.get(info.id));
    }
  }
  for (const auto& f : r.findings) {
    out += " [" + f.rule + (f.severity == core::Severity::Error ? " E " : " W ") + f.field + " " +
           f.message + "]";
  }
  return out;
}

std::vector<std::string> describe_all(const std::vector<core::Record>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) {
    out.push_back(describe(r));
  }
  return out;
}

config::SourceSpec spec_with_constants() {
  config::SourceSpec spec;
  spec.name = "nhft";
  spec.precedence = 2;
  spec.mapping = {column(Field::LocalId, "id"), constant(Field::ProviderCode, "rp1"),
                  // A constant that is not a real date: its finding comes on every row, in
                  // mapping order among the column findings.
                  constant(Field::AdmissionDate, "2026-02-31", {"%Y-%m-%d"}),
                  column(Field::DateOfBirth, "dob", {"%d/%m/%Y"}),
                  constant(Field::WardSecurity, " 1 ")};
  return spec;
}

core::RawBatch batch_of(std::size_t rows) {
  core::RawBatch batch;
  batch.file = "/data/x.csv";
  batch.header = {"id", "dob"};
  for (std::size_t i = 0; i < rows; ++i) {
    core::RawRow row{
        i + 2, {"A" + std::to_string(i), i % 3 == 0 ? "31/02/1989" : "07/03/1989"}, ""};
    if (i % 5 == 4) {
      row.problem = "row has 1 field but the header has 2";
    }
    batch.rows.push_back(std::move(row));
  }
  return batch;
}

}  // namespace

TEST_CASE("mapping a batch in parts gives the records of one pass, in order", "[unit][mapping]") {
  const auto spec = spec_with_constants();
  const auto batch = batch_of(11);
  transforms::Mapper mapper(spec, {});
  auto whole = mapper.map(batch, "x.csv");
  REQUIRE(whole);
  REQUIRE(whole->size() == 11);
  for (std::size_t cut : {0U, 1U, 4U, 10U, 11U}) {
    auto first = mapper.map(batch, "x.csv", 0, cut);
    auto second = mapper.map(batch, "x.csv", cut, 99);
    REQUIRE(first);
    REQUIRE(second);
    auto joined = std::move(*first);
    joined.insert(joined.end(), second->begin(), second->end());
    CHECK(describe_all(joined) == describe_all(*whole));
  }
}

TEST_CASE("constants are mapped once but read as if mapped on each row", "[unit][mapping]") {
  const auto spec = spec_with_constants();
  const auto batch = batch_of(6);
  auto out = transforms::Mapper(spec, {}).map(batch, "x.csv");
  REQUIRE(out);
  const auto& first = (*out)[0];
  CHECK(first.where.file == "x.csv");
  CHECK(first.where.row == 2);
  CHECK(first.precedence == 2);
  CHECK(first.get(Field::ProviderCode) == "RP1");
  CHECK(first.get(Field::WardSecurity) == "1");
  CHECK_FALSE(first.has(Field::AdmissionDate));
  REQUIRE(first.findings.size() == 2);
  CHECK(first.findings[0].rule == "ATP-M001");
  CHECK(first.findings[0].field == "admission_date");
  CHECK(first.findings[1].field == "date_of_birth");
  const auto& good = (*out)[1];
  REQUIRE(good.findings.size() == 1);
  CHECK(good.get(Field::DateOfBirth) == "1989-03-07");
  // A malformed row takes no constant but the local id's.
  const auto& malformed = (*out)[4];
  REQUIRE(malformed.findings.size() == 1);
  CHECK(malformed.findings[0].rule == "ATP-M003");
  CHECK(malformed.get(Field::LocalId) == "A4");
  CHECK_FALSE(malformed.has(Field::ProviderCode));
  // Without a shown file, records name the batch's file.
  auto plain = transforms::Mapper(spec, {}).map(batch);
  REQUIRE(plain);
  CHECK((*plain)[0].where.file == "/data/x.csv");
}

TEST_CASE("a field mapped twice keeps the last mapping's value", "[unit][mapping]") {
  config::SourceSpec spec;
  spec.name = "la";
  spec.mapping = {column(Field::ProviderCode, "pc"), constant(Field::ProviderCode, "RX1"),
                  constant(Field::WardSecurity, "2"), column(Field::WardSecurity, "ws")};
  core::RawBatch batch;
  batch.header = {"pc", "ws"};
  batch.rows = {{2, {"RP1", "1"}, ""}, {3, {"RP1", ""}, ""}};
  auto out = transforms::Mapper(spec, {}).map(batch);
  REQUIRE(out);
  CHECK((*out)[0].get(Field::ProviderCode) == "RX1");
  CHECK((*out)[0].get(Field::WardSecurity) == "1");
  CHECK((*out)[1].get(Field::ProviderCode) == "RX1");
  // An empty cell sets nothing, so the constant mapped before it stands.
  CHECK((*out)[1].get(Field::WardSecurity) == "2");
}
