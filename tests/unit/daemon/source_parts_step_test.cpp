#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "daemon/source_step.hpp"
#include "tests/support/source_step_fixture.hpp"

using namespace atpipe;
using core::Field;

namespace {

using test::at_source;
using test::column;
using test::describe;

// Ids repeated across files and parts, malformed rows and bad values.
core::RawBatch batch_of(const std::string& file, std::size_t rows) {
  return test::mixed_batch(file, rows, 17, 9);
}

// Hands its files over in parts, as the csv source does; can fail after `fail_after` parts.
class FakeParted final : public core::PartedSource {
 public:
  explicit FakeParted(std::vector<core::RawBatch> files, std::size_t fail_after = SIZE_MAX)
      : files_(std::move(files)), fail_after_(fail_after) {}

  core::Expected<std::vector<core::SkippedFile>> pull_parts(const core::PullContext& /*ctx*/,
                                                            std::size_t rows_per_part,
                                                            const core::TakePart& take) override {
    std::size_t handed = 0;
    for (const auto& file : files_) {
      for (std::size_t first = 0; first == 0 || first < file.rows.size(); first += rows_per_part) {
        if (handed++ == fail_after_) {
          return core::fail(core::ErrorCode::Parse, "unterminated quote",
                            core::Provenance{"nhft", file.file, first + 2, ""});
        }
        core::RawBatch part;
        part.file = file.file;
        part.header = file.header;
        const auto last = std::min(file.rows.size(), first + rows_per_part);
        part.rows.assign(file.rows.begin() + static_cast<std::ptrdiff_t>(first),
                         file.rows.begin() + static_cast<std::ptrdiff_t>(last));
        if (auto taken = take(std::move(part), first == 0 ? file.rows.size() : 0); !taken) {
          return core::fail(taken.error());
        }
      }
    }
    return std::vector<core::SkippedFile>{{"/data/nhft/dir", "is a folder"}};
  }

 private:
  std::vector<core::RawBatch> files_;
  std::size_t fail_after_;
};

const transforms::RuleContext kRules{core::Date{date::year{2026}, date::November, date::day{3}},
                                     core::Date{date::year{2026}, date::October, date::day{31}}};

}  // namespace

TEST_CASE("a source mapped part by part gives the records of its whole batches", "[unit][daemon]") {
  config::Config cfg;
  const auto spec = at_source();
  core::PullResult whole;
  whole.batches = {batch_of("/data/nhft/a.csv", 50), batch_of("/data/nhft/b.csv", 23)};
  auto expected = daemon::map_and_validate(cfg, spec, whole, kRules, {"/data"});
  REQUIRE(expected);
  REQUIRE(expected->size() == 73);
  // Part sizes on, beside and across the files' ends; 1 gives a part per row.
  for (std::size_t size : {1U, 7U, 23U, 25U, 50U, 100U}) {
    INFO("rows per part " << size);
    FakeParted source({batch_of("/data/nhft/a.csv", 50), batch_of("/data/nhft/b.csv", 23)});
    std::vector<core::SkippedFile> skipped;
    auto got = daemon::pull_and_map_parts(cfg, spec, source, {}, kRules, {"/data"}, skipped, size);
    REQUIRE(got);
    REQUIRE(got->size() == expected->size());
    for (std::size_t i = 0; i < got->size(); ++i) {
      REQUIRE(describe((*got)[i]) == describe((*expected)[i]));
    }
    CHECK((*got)[0].where.file == "nhft/a.csv");
    REQUIRE(skipped.size() == 1);
    CHECK(skipped[0].reason == "is a folder");
  }
}

TEST_CASE("a source that fails after some parts yields its error and no records",
          "[unit][daemon]") {
  config::Config cfg;
  const auto spec = at_source();
  FakeParted source({batch_of("/data/nhft/a.csv", 50), batch_of("/data/nhft/b.csv", 23)}, 9);
  std::vector<core::SkippedFile> skipped;
  auto got = daemon::pull_and_map_parts(cfg, spec, source, {}, kRules, {"/data"}, skipped, 7);
  REQUIRE_FALSE(got);
  CHECK(got.error().describe().find("unterminated quote") != std::string::npos);
  CHECK(got.error().describe().find("b.csv") != std::string::npos);
  CHECK(skipped.empty());
}

TEST_CASE("a parted source's read error wins over an earlier mapping error", "[unit][daemon]") {
  config::Config cfg;
  auto spec = at_source();
  spec.mapping.push_back(column(Field::Surname, "surname"));  // not in the files' header
  std::vector<core::SkippedFile> skipped;
  FakeParted broken({batch_of("/data/nhft/a.csv", 50)}, 3);
  auto read_error = daemon::pull_and_map_parts(cfg, spec, broken, {}, kRules, {}, skipped, 7);
  REQUIRE_FALSE(read_error);
  CHECK(read_error.error().describe().find("unterminated quote") != std::string::npos);
  // Read whole, the same source gives the mapping error, as map_and_validate() does.
  FakeParted readable({batch_of("/data/nhft/a.csv", 50)});
  auto map_error = daemon::pull_and_map_parts(cfg, spec, readable, {}, kRules, {}, skipped, 7);
  REQUIRE_FALSE(map_error);
  CHECK(map_error.error().describe().find("surname") != std::string::npos);
}
