#include <catch2/catch.hpp>

#include "core/record.hpp"
#include "transforms/outputs/csv_text.hpp"
#include "transforms/outputs/query_outputs.hpp"
#include "transforms/outputs/writers.hpp"

using namespace atpipe;

TEST_CASE("cells a spreadsheet would run as a formula get a leading quote", "[unit][outputs]") {
  CHECK(transforms::spreadsheet_safe("=HYPERLINK(\"http://x\",\"y\")") ==
        "'=HYPERLINK(\"http://x\",\"y\")");
  CHECK(transforms::spreadsheet_safe("+1+cmd|' /C calc'!A0") == "'+1+cmd|' /C calc'!A0");
  CHECK(transforms::spreadsheet_safe("-2+3") == "'-2+3");
  CHECK(transforms::spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)");
  CHECK(transforms::spreadsheet_safe("\t=1") == "'\t=1");
  CHECK(transforms::spreadsheet_safe("\r=1") == "'\r=1");
  CHECK(transforms::spreadsheet_safe("-") == "'-");
  // Plain numbers and ordinary text are left as they are.
  CHECK(transforms::spreadsheet_safe("-3.25") == "-3.25");
  CHECK(transforms::spreadsheet_safe("+44") == "+44");
  CHECK(transforms::spreadsheet_safe("O'Neill") == "O'Neill");
  CHECK(transforms::spreadsheet_safe("a=b") == "a=b");
  CHECK(transforms::spreadsheet_safe("") == "");
}

TEST_CASE("control characters never reach an output raw", "[unit][outputs]") {
  using namespace std::string_literals;
  CHECK(transforms::without_controls("a\0b"s) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(transforms::without_controls("\x1b[31m") == "\xEF\xBF\xBD[31m");
  CHECK(transforms::without_controls("x\x7Fy") == "x\xEF\xBF\xBDy");
  CHECK(transforms::without_controls("tab\tand\r\nline") == "tab\tand\r\nline");
  transforms::CsvText csv;
  csv.row({"=1+1"s, "nul\0"s});
  CHECK(csv.str() == "'=1+1,nul\xEF\xBF\xBD\n");
  // The return is uploaded, not opened: values keep their first character.
  transforms::CsvText data("\r\n", transforms::CellSafety::Data);
  data.row({"=1+1"s, "-x"s, "nul\0"s});
  CHECK(data.str() == "=1+1,-x,nul\xEF\xBF\xBD\r\n");
}

TEST_CASE("reject and warnings logs neutralise values from the sources", "[unit][outputs]") {
  core::Record rec;
  rec.where.source = "la";
  rec.where.file = "=cmd.csv";
  rec.where.row = 7;
  rec.set(core::Field::LocalId, "@evil");
  rec.findings.emplace_back("AT-R999", core::Severity::Error, "surname", "-bad");
  auto text = transforms::render_findings({&rec}, core::Severity::Error);
  CHECK(text.find("la,'=cmd.csv,7,'@evil,surname,AT-R999,error,'-bad\n") != std::string::npos);
}

TEST_CASE("query lists carry no raw control character and no live formula", "[unit][outputs]") {
  core::TrackedQuery t;
  t.query.id = "Q000000000001";
  t.query.reason = core::QueryReason::Discrepancy;
  t.query.owner = "RP1 (provider)";
  t.query.field = "surname";
  t.query.value_returned = "=cmd|' /C calc'!A0\x01";
  t.query.other_value = "Smith";
  auto period = *transforms::period_from_label("2026-10");
  auto csv = transforms::render_queries_csv({t}, period);
  CHECK(csv.find(",'=cmd|' /C calc'!A0\xEF\xBF\xBD,") != std::string::npos);
  auto html = transforms::render_queries_html({t}, period, "title");
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(html.find("A0\xEF\xBF\xBD") != std::string::npos);
}
