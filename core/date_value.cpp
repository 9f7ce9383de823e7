#include "core/date_value.hpp"

#include <array>
#include <cctype>

namespace atpipe::core {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

// Reads between min and max digits; fails if fewer than min.
bool read_number(std::string_view& s, int min_digits, int max_digits, int& out) {
  int n = 0;
  int value = 0;
  while (n < max_digits && !s.empty() && std::isdigit(static_cast<unsigned char>(s.front()))) {
    value = value * 10 + (s.front() - '0');
    s.remove_prefix(1);
    ++n;
  }
  out = value;
  return n >= min_digits;
}

bool read_month_name(std::string_view& s, int& out) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) {
    return false;
  }
  std::string lower;
  for (std::size_t i = 0; i < 3; ++i) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
  }
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (lower == kNames[i]) {
      out = static_cast<int>(i) + 1;
      s.remove_prefix(3);
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text, std::string_view format) {
  std::string_view s = trim(text);
  int day = -1;
  int month = -1;
  int year = -1;
  for (std::size_t i = 0; i < format.size(); ++i) {
    char f = format[i];
    if (f == '%' && i + 1 < format.size()) {
      char spec = format[++i];
      bool ok = false;
      switch (spec) {
        case 'd':
          ok = read_number(s, 1, 2, day);
          break;
        case 'm':
          ok = read_number(s, 1, 2, month);
          break;
        case 'Y':
          ok = read_number(s, 4, 4, year);
          break;
        case 'y':
          ok = read_number(s, 2, 2, year);
          year += year <= 68 ? 2000 : 1900;
          break;
        case 'b':
          ok = read_month_name(s, month);
          break;
        default:
          return std::nullopt;
      }
      if (!ok) {
        return std::nullopt;
      }
    } else {
      if (s.empty() || s.front() != f) {
        return std::nullopt;
      }
      s.remove_prefix(1);
    }
  }
  if (!s.empty() || day < 0 || month < 0 || year < 0) {
    return std::nullopt;
  }
  Date d{date::year{year}, date::month{static_cast<unsigned>(month)},
         date::day{static_cast<unsigned>(day)}};
  if (!d.ok()) {
    return std::nullopt;
  }
  return d;
}

std::optional<Date> parse_date_any(std::string_view text, std::span<const std::string> formats) {
  for (const auto& f : formats) {
    if (auto d = parse_date(text, f)) {
      return d;
    }
  }
  return std::nullopt;
}

bool is_missing_date_marker(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty() || s == "Null" || s == "NULL" || s == "null") {
    return true;
  }
  return s == "02/01/1900" || s == "1900-01-02" || s == "02-01-1900";
}

int age_on(const Date& birth, const Date& on) {
  int years = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --years;
  }
  return years;
}

std::string to_iso(const Date& d) {
  // format_date writes %Y-%m-%d itself for years 0-9999, as %F would, without a stream.
  static const std::string kIso = "%Y-%m-%d";
  return format_date(d, kIso);
}

std::optional<Date> parse_iso(std::string_view text) {
  return parse_date(text, "%Y-%m-%d");
}

namespace {

void append_number(std::string& out, unsigned value, int width) {
  char digits[8];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

std::string format_date(const Date& d, const std::string& format) {
  const date::year_month_day ymd{d};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    return date::format(format.c_str(), date::sys_days{d});
  }
  const auto y = static_cast<unsigned>(year);
  const auto m = static_cast<unsigned>(ymd.month());
  const auto day = static_cast<unsigned>(ymd.day());
  std::string out;
  out.reserve(format.size() + 8);
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    switch (format[++i]) {
      case 'd':
        append_number(out, day, 2);
        break;
      case 'm':
        append_number(out, m, 2);
        break;
      case 'Y':
        append_number(out, y, 4);
        break;
      case 'F':
        append_number(out, y, 4);
        out.push_back('-');
        append_number(out, m, 2);
        out.push_back('-');
        append_number(out, day, 2);
        break;
      case '%':
        out.push_back('%');
        break;
      default:
        return date::format(format.c_str(), date::sys_days{d});
    }
  }
  return out;
}

std::string format_iso_date(std::string_view iso, const std::string& format) {
  auto d = parse_iso(iso);
  return d ? format_date(*d, format) : std::string(iso);
}

std::optional<Date> month_end(std::string_view period) {
  std::string_view s = trim(period);
  int year = 0;
  int month = 0;
  if (!read_number(s, 4, 4, year) || s.empty() || s.front() != '-') {
    return std::nullopt;
  }
  s.remove_prefix(1);
  if (!read_number(s, 2, 2, month) || !s.empty() || month < 1 || month > 12) {
    return std::nullopt;
  }
  date::year_month_day_last last{date::year{year} / date::month{static_cast<unsigned>(month)} /
                                 date::last};
  return Date{last};
}

}  // namespace atpipe::core
