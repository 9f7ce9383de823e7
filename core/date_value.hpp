#pragma once

#include <date/date.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace atpipe::core {

using Date = date::year_month_day;

// Parses `text` with a strftime-like `format`: %d %m %Y %y (two-digit year, 00-68 -> 20xx),
// %b (Jan..Dec, any case) and literal characters; surrounding whitespace is ignored. Only
// real calendar dates are accepted (no 31/02).
[[nodiscard]] std::optional<Date> parse_date(std::string_view text, std::string_view format);

// Tries each format in order and returns the first that parses.
[[nodiscard]] std::optional<Date> parse_date_any(std::string_view text,
                                                 std::span<const std::string> formats);

// Values national extracts use to mean "no date" (at-spec §1.2, AT-R003): empty, "Null",
// "NULL", and the sentinel 02/01/1900 in any of its usual spellings.
[[nodiscard]] bool is_missing_date_marker(std::string_view text);

[[nodiscard]] std::string to_iso(const Date& d);

// `d` written in a strftime-style `format` (the return's date form, "%d/%m/%Y" by default).
// %d, %m, %Y, %F and %% are written directly (a return has hundreds of thousands of dates);
// any other directive goes through date::format.
[[nodiscard]] std::string format_date(const Date& d, const std::string& format);
// An ISO date ("2026-10-31") in `format`; text that is not an ISO date is returned unchanged.
[[nodiscard]] std::string format_iso_date(std::string_view iso, const std::string& format);

// Age in whole years on `on` for someone born on `birth` (a birthday counts on the day).
[[nodiscard]] int age_on(const Date& birth, const Date& on);
[[nodiscard]] std::optional<Date> parse_iso(std::string_view text);

// Last calendar day of the month "YYYY-MM"; nullopt if malformed.
[[nodiscard]] std::optional<Date> month_end(std::string_view period);

}  // namespace atpipe::core
