#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "transforms/outputs/query_outputs.hpp"

using namespace atpipe;

namespace {

std::vector<core::TrackedQuery> sample() {
  core::TrackedQuery t;
  t.query.id = "Q000000000001";
  t.query.reason = core::QueryReason::Discrepancy;
  t.query.owner = "RP1 (provider)";
  t.query.nhs_number = "9990000018";
  t.query.field = "surname";
  t.query.value_returned = "<script>alert(1)</script>";
  t.query.other_value = "O'Neill & Sons";
  t.opened_period = "2026-08";
  t.age_months = 2;
  core::TrackedQuery u = t;
  u.query.id = "Q000000000002";
  u.query.reason = core::QueryReason::CensusOnly;
  return {t, u};
}

}  // namespace

TEST_CASE("query list CSV carries status, opened period and age", "[unit][outputs]") {
  auto period = *transforms::period_from_label("2026-10");
  auto csv = transforms::render_queries_csv(sample(), period);
  CHECK(csv.rfind("QueryId,Period,ReasonCode,Reason,Owner,Status,OpenedPeriod,AgeMonths,", 0) == 0);
  CHECK(csv.find("Q000000000001,2026-10,DISCREPANCY,") != std::string::npos);
  CHECK(csv.find(",open,2026-08,2,") != std::string::npos);
}

TEST_CASE("the printable page escapes patient data and groups by reason", "[unit][outputs]") {
  auto period = *transforms::period_from_label("2026-10");
  auto html = transforms::render_queries_html(sample(), period, "Queries <QPM>");
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("Queries &lt;QPM&gt;") != std::string::npos);
  CHECK(html.find("CENSUS_ONLY: On the ward census but not in the AT return (1)") !=
        std::string::npos);
  CHECK(html.find("DISCREPANCY: ") != std::string::npos);
  CHECK(html.find("2 open queries") != std::string::npos);
}

TEST_CASE("the workbook is written 0600 as an xlsx (zip) file", "[unit][outputs]") {
  auto dir = std::filesystem::temp_directory_path() / ("atpipe-xlsx-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "q.xlsx";
  auto period = *transforms::period_from_label("2026-10");
  REQUIRE(transforms::write_queries_xlsx(path, sample(), period));
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  CHECK(magic[0] == 'P');
  CHECK(magic[1] == 'K');
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  std::filesystem::remove_all(dir);
}

TEST_CASE("owner codes are safe in file names", "[unit][outputs]") {
  CHECK(transforms::owner_code("RP1 (provider)") == "RP1");
  CHECK(transforms::owner_code("QPM (commissioner)") == "QPM");
  CHECK(transforms::owner_code("a/b") == "a_b");
}

TEST_CASE("the HTML query list streamed in chunks is the whole page", "[unit][outputs]") {
  auto period = *transforms::period_from_label("2026-10");
  std::vector<core::TrackedQuery> queries;
  for (int i = 0; i < 3000; ++i) {
    for (auto& t : sample()) {
      t.query.action = std::string(60, 'a') + " & <b>";
      queries.push_back(t);
    }
  }
  class Chunks final : public transforms::ByteSink {
   public:
    void write(std::string_view bytes) override {
      ++count;
      text += bytes;
    }
    std::size_t count = 0;
    std::string text;
  } chunks;
  transforms::write_queries_html(queries, period, "Queries", "%d/%m/%Y", chunks);
  CHECK(chunks.count > 2);
  CHECK(chunks.text == transforms::render_queries_html(queries, period, "Queries"));
  CHECK(chunks.text.rfind("<!DOCTYPE html>\n", 0) == 0);
  CHECK(chunks.text.size() > 2 * 256 * 1024);
  CHECK(chunks.text.substr(chunks.text.size() - 15) == "</body></html>\n");
  std::size_t rows = 0;
  for (auto at = chunks.text.find("<tr><td>"); at != std::string::npos;
       at = chunks.text.find("<tr><td>", at + 1)) {
    ++rows;
  }
  CHECK(rows == queries.size());
  CHECK(chunks.text.find("DISCREPANCY: ") != std::string::npos);
  CHECK(chunks.text.find("(3000)</h2>") != std::string::npos);
}
