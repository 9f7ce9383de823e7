#include <catch2/catch.hpp>

#include "daemon/source_step.hpp"
#include "transforms/mapping/mapper.hpp"

using namespace atpipe;
using core::Field;

namespace {

config::FieldMapping column(Field f, std::string col, std::vector<std::string> formats = {}) {
  config::FieldMapping m;
  m.field = f;
  m.column = std::move(col);
  m.formats = std::move(formats);
  return m;
}

config::SourceSpec at_source() {
  config::SourceSpec spec;
  spec.name = "nhft";
  spec.role = config::SourceRole::At;
  spec.mapping = {column(Field::LocalId, "id"), column(Field::NhsNumber, "nhs"),
                  column(Field::AdmissionDate, "admitted", {"%Y-%m-%d"})};
  return spec;
}

// Enough rows to be mapped in two parts, with local ids repeated across the parts (AT-R001
// names the first row), malformed rows and bad values on both sides of the middle.
core::RawBatch big_batch(std::size_t rows) {
  core::RawBatch batch;
  batch.file = "/data/nhft/in.csv";
  batch.header = {"id", "nhs", "admitted"};
  for (std::size_t i = 0; i < rows; ++i) {
    core::RawRow row{i + 2,
                     {"E" + std::to_string(i % (rows - 7)), i % 11 == 0 ? "123" : "9434765919",
                      i % 13 == 0 ? "2099-01-01" : "2026-03-02"},
                     ""};
    if (i % 97 == 5) {
      row.problem = "row has 2 fields but the header has 3";
    }
    batch.rows.push_back(std::move(row));
  }
  return batch;
}

std::string describe(const core::Record& r) {
  std::string out = r.where.describe() + ":";
  for (const auto& info : core::all_fields()) {
    if (r.has(info.id)) {
      out += " " + std::string(info.name) + "=" + std::string(r.get(info.id));
    }
  }
  for (const auto& f : r.findings) {
    out += " [" + f.rule + " " + f.field + " " + f.message + "]";
  }
  return out;
}

}  // namespace

TEST_CASE("map and validate of a large batch in two parts equals one serial pass",
          "[unit][daemon]") {
  config::Config cfg;
  const auto spec = at_source();
  const transforms::RuleContext rules{core::Date{date::year{2026}, date::November, date::day{3}},
                                      core::Date{date::year{2026}, date::October, date::day{31}}};
  const std::size_t rows = 45001;

  // The serial pass, step by step.
  const auto batch = big_batch(rows);
  auto serial = transforms::Mapper(spec, cfg.code_maps).map(batch, "in.csv");
  REQUIRE(serial);
  for (auto& rec : *serial) {
    transforms::validate_record(rec, rules);
  }
  transforms::check_duplicate_ids(*serial);

  core::PullResult pulled;
  pulled.batches.push_back(big_batch(rows));
  pulled.batches.push_back(big_batch(10));
  auto split = daemon::map_and_validate(cfg, spec, pulled, rules, {"/data/nhft"});
  REQUIRE(split);
  REQUIRE(split->size() == rows + 10);
  // Each raw batch is freed once mapped.
  CHECK(pulled.batches[0].rows.empty());
  for (std::size_t i = 0; i < rows; ++i) {
    REQUIRE(describe((*split)[i]) == describe((*serial)[i]));
  }
  // Ids of the second batch repeat the first's: duplicates across files are found too.
  CHECK((*split)[rows].findings.back().message ==
        "record id duplicated in the extract (first seen at row 2)");
}

TEST_CASE("records name their file relative to the config's folder", "[unit][daemon]") {
  config::Config cfg;
  const auto spec = at_source();
  core::PullResult pulled;
  pulled.batches.push_back(big_batch(8));
  auto shown = daemon::validate_source(cfg, spec, pulled, {}, {"/data"});
  REQUIRE(shown.records.size() == 8);
  CHECK(shown.records[0].where.file == "nhft/in.csv");
  CHECK(shown.counts.pulled == 8);
  auto as_pulled = daemon::validate_source(cfg, spec, pulled, {});
  REQUIRE(as_pulled.records.size() == 8);
  CHECK(as_pulled.records[0].where.file == "/data/nhft/in.csv");
}
