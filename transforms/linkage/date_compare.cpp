#include "transforms/linkage/date_compare.hpp"

#include <date/date.h>

#include <array>

namespace atpipe::transforms::linkage {
namespace {

// Reads `text` against a strftime-like `format` with only %Y, %m and %d: every other
// character must be in the text as written. Day and month may be any two digits.
std::int32_t read_fields(std::string_view text, std::string_view format) {
  int y = -1;
  int m = -1;
  int d = -1;
  std::size_t t = 0;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%' || f + 1 == format.size()) {
      if (t >= text.size() || text[t] != format[f]) {
        return 0;
      }
      ++t;
      continue;
    }
    const char spec = format[++f];
    const std::size_t width = spec == 'Y' ? 4 : 2;
    int value = 0;
    std::size_t n = 0;
    while (n < width && t < text.size() && text[t] >= '0' && text[t] <= '9') {
      value = value * 10 + (text[t++] - '0');
      ++n;
    }
    // Fixed width when the next format character is not a separator (yyyymmdd).
    const bool packed = f + 1 < format.size() && format[f + 1] == '%';
    if (n == 0 || (spec == 'Y' && n != 4) || (packed && n != width)) {
      return 0;
    }
    (spec == 'Y' ? y : spec == 'm' ? m : d) = value;
  }
  if (t != text.size() || y < 1000 || m < 0 || d < 0) {
    return 0;
  }
  return y * 10000 + m * 100 + d;
}

}  // namespace

std::int32_t yyyymmdd(std::int32_t days) {
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  return static_cast<std::int32_t>(static_cast<int>(ymd.year()) * 10000 +
                                   static_cast<int>(static_cast<unsigned>(ymd.month())) * 100 +
                                   static_cast<int>(static_cast<unsigned>(ymd.day())));
}

DateAgreement compare_dates(std::int32_t a_days, std::int32_t b_days) {
  if (a_days == b_days) {
    return DateAgreement::Exact;
  }
  return compare_ymd(yyyymmdd(a_days), yyyymmdd(b_days));
}

DateAgreement compare_ymd(std::int32_t a, std::int32_t b) {
  if (a == b) {
    return DateAgreement::Exact;
  }
  if (a / 10000 == b / 10000 && (a / 100) % 100 == b % 100 && a % 100 == (b / 100) % 100) {
    return DateAgreement::DayMonthSwapped;
  }
  // Digit positions that differ, lowest first (yyyymmdd: position 0 is the last day digit).
  std::array<int, 8> where{};
  std::array<int, 8> da{};
  std::array<int, 8> db{};
  int differing = 0;
  std::int32_t x = a;
  std::int32_t y = b;
  for (int i = 0; i < 8; ++i) {
    da[static_cast<std::size_t>(i)] = x % 10;
    db[static_cast<std::size_t>(i)] = y % 10;
    if (x % 10 != y % 10) {
      where[static_cast<std::size_t>(differing++)] = i;
    }
    x /= 10;
    y /= 10;
  }
  if (x != y) {
    return DateAgreement::Different;
  }
  if (differing == 1) {
    return DateAgreement::OneDigit;
  }
  if (differing == 2 && where[1] == where[0] + 1) {
    const auto lo = static_cast<std::size_t>(where[0]);
    if (da[lo] == db[lo + 1] && da[lo + 1] == db[lo]) {
      return DateAgreement::Transposed;
    }
  }
  return a % 10000 == b % 10000 ? DateAgreement::YearOnly : DateAgreement::Different;
}

std::int32_t unreadable_date_digits(std::string_view text, std::string_view format) {
  for (std::string_view f : {format, std::string_view("%d/%m/%Y"), std::string_view("%Y-%m-%d"),
                             std::string_view("%Y%m%d")}) {
    if (const std::int32_t v = read_fields(text, f); v != 0) {
      return v;
    }
  }
  return 0;
}

}  // namespace atpipe::transforms::linkage
