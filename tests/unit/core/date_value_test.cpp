#include <catch2/catch.hpp>

#include "core/date_value.hpp"

using namespace atpipe::core;

TEST_CASE("dates parse in configured formats and print ISO", "[unit][core][date]") {
  CHECK(to_iso(*parse_date("07/03/1989", "%d/%m/%Y")) == "1989-03-07");
  CHECK(to_iso(*parse_date("1989-03-07", "%Y-%m-%d")) == "1989-03-07");
  CHECK(to_iso(*parse_date("7-Mar-1989", "%d-%b-%Y")) == "1989-03-07");
  CHECK(to_iso(*parse_date("7-MAR-1989", "%d-%b-%Y")) == "1989-03-07");
  CHECK(to_iso(*parse_date(" 7/3/89 ", "%d/%m/%y")) == "1989-03-07");
  CHECK(to_iso(*parse_date("7/3/05", "%d/%m/%y")) == "2005-03-07");
}

TEST_CASE("impossible and malformed dates are refused", "[unit][core][date]") {
  CHECK_FALSE(parse_date("31/02/1990", "%d/%m/%Y"));
  CHECK_FALSE(parse_date("29/02/2023", "%d/%m/%Y"));
  CHECK(parse_date("29/02/2024", "%d/%m/%Y"));
  CHECK_FALSE(parse_date("1990-02-01", "%d/%m/%Y"));
  CHECK_FALSE(parse_date("01/02/1990x", "%d/%m/%Y"));
  CHECK_FALSE(parse_date("13/13/1990", "%d/%m/%Y"));
  CHECK_FALSE(parse_date("", "%d/%m/%Y"));
}

TEST_CASE("several formats are tried in order", "[unit][core][date]") {
  std::vector<std::string> formats = {"%d/%m/%Y", "%Y-%m-%d"};
  CHECK(to_iso(*parse_date_any("2001-12-31", formats)) == "2001-12-31");
  CHECK(to_iso(*parse_date_any("31/12/2001", formats)) == "2001-12-31");
  CHECK_FALSE(parse_date_any("Dec 31 2001", formats));
}

TEST_CASE("no-date markers from national extracts", "[unit][core][date]") {
  CHECK(is_missing_date_marker(""));
  CHECK(is_missing_date_marker("Null"));
  CHECK(is_missing_date_marker("02/01/1900"));
  CHECK_FALSE(is_missing_date_marker("03/01/1900"));
}

TEST_CASE("month end of a period", "[unit][core][date]") {
  CHECK(to_iso(*month_end("2026-10")) == "2026-10-31");
  CHECK(to_iso(*month_end("2024-02")) == "2024-02-29");
  CHECK(to_iso(*month_end("2026-11")) == "2026-11-30");
  CHECK_FALSE(month_end("2026-13"));
  CHECK_FALSE(month_end("2026-1"));
}

TEST_CASE("dates are written in the return's date forms as date::format writes them",
          "[unit][core][date]") {
  for (const char* iso : {"2026-10-31", "1900-01-02", "2024-02-29", "0999-03-04"}) {
    auto d = atpipe::core::parse_iso(iso);
    REQUIRE(d);
    for (std::string format :
         {"%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%F", "%Y%m%d", "%d.%m.%Y %%", "%e %b %Y"}) {
      INFO(iso << " " << format);
      CHECK(atpipe::core::format_date(*d, format) ==
            date::format(format.c_str(), date::sys_days{*d}));
    }
  }
  CHECK(atpipe::core::format_iso_date("2026-10-31", "%d/%m/%Y") == "31/10/2026");
  CHECK(atpipe::core::format_iso_date("not a date", "%d/%m/%Y") == "not a date");
  CHECK(atpipe::core::format_iso_date("2026-02-30", "%d/%m/%Y") == "2026-02-30");
}
