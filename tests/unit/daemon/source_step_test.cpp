#include <catch2/catch.hpp>

#include "daemon/source_step.hpp"
#include "tests/support/source_step_fixture.hpp"
#include "transforms/mapping/mapper.hpp"

using namespace atpipe;
using core::Field;

namespace {

using test::at_source;
using test::describe;

// Enough rows to be mapped in two parts, with local ids repeated across the parts (AT-R001
// names the first row), malformed rows and bad values on both sides of the middle.
core::RawBatch big_batch(std::size_t rows) {
  return test::mixed_batch("/data/nhft/in.csv", rows, rows - 7, 97);
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
