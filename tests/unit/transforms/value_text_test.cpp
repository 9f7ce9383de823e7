#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/date_value.hpp"
#include "transforms/outputs/value_text.hpp"

using namespace atpipe;

TEST_CASE("dates are written as format_iso_date writes them, whatever the value and form",
          "[unit][outputs]") {
  const std::vector<std::string> values = {
      "2026-10-31",  "2024-02-29", "2023-02-29", "2026-02-30", "2026-13-01",       "2026-00-10",
      "2026-10-00",  "0000-01-01", "9999-12-31", "",           " 2026-10-31",      "2026-10-31 ",
      "2026-1-5",    "2026-10-3",  "26-10-31",   "2026/10/31", "20261031",         "abcd-ef-gh",
      "2026-10-31x", "Null",       "02/01/1900", "2026-1a-31", "\xC3\xA9xxx-10-31"};
  const std::vector<std::string> formats = {
      "%d/%m/%Y",  "%Y-%m-%d", "%F",       "%Y%m%d", "%d.%m.%Y %%",
      "%d/%m/%Y%", "%d %b %Y", "%e/%m/%y", "",       "no directive"};
  for (const auto& format : formats) {
    transforms::DateText date(format);
    for (const auto& value : values) {
      INFO("format '" << format << "', value '" << value << "'");
      CHECK(std::string(date(value)) == core::format_iso_date(value, format));
    }
  }
}

TEST_CASE("fixed-point numbers are written as printf writes them", "[unit][outputs]") {
  std::vector<double> values = {0.0,   -0.0,  0.125,  0.375,  1.005,   2.675,  -3.14159,
                                1e-7,  -1e-7, 99.995, 1234.5, 1e15,    1e25,   -1e30,
                                1e300, 0.5,   1.5,    2.5,    0.00005, 0.99995};
  values.push_back(std::numeric_limits<double>::infinity());
  values.push_back(-std::numeric_limits<double>::infinity());
  values.push_back(std::numeric_limits<double>::quiet_NaN());
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> weights(-60.0, 60.0);
  for (int i = 0; i < 2000; ++i) {
    values.push_back(weights(random));
    values.push_back(std::ldexp(static_cast<double>(random() % 100000), -14));  // exact ties
  }
  std::array<char, 32> buffer{};
  for (double v : values) {
    for (int precision : {2, 4}) {
      char expected[32];
      std::snprintf(expected, sizeof expected, "%.*f", precision, v);
      INFO(expected);
      CHECK(transforms::fixed_text(v, precision, buffer) == std::string_view(expected));
    }
  }
}
