#pragma once

#include <cstdint>
#include <string_view>

namespace atpipe::transforms::linkage {

// Levels of a date-of-birth comparison, in level order. Each keying error people make keeps
// its own level instead of counting as a plain disagreement: 12/03 for 03/12, one mistyped
// digit of yyyymmdd, two neighbouring digits swapped, and the year alone wrong.
enum class DateAgreement : std::uint8_t {
  Exact,
  DayMonthSwapped,
  OneDigit,
  Transposed,
  YearOnly,
  Different
};

// Compares two dates of birth held as days since 1970-01-01.
[[nodiscard]] DateAgreement compare_dates(std::int32_t a_days, std::int32_t b_days);

// The same on dates held as yyyymmdd (CompactRecord::dob_ymd), which may be an unreadable
// date's digits (a 31st of February): the digits are compared all the same.
[[nodiscard]] DateAgreement compare_ymd(std::int32_t a, std::int32_t b);

// yyyy*10000 + mm*100 + dd, for messages and keys.
[[nodiscard]] std::int32_t yyyymmdd(std::int32_t days);

// The digits of a date that does not parse as a date (a day or month out of range), read
// field by field in `format` ("%d/%m/%Y"), then as dd/mm/yyyy, yyyy-mm-dd or yyyymmdd:
// yyyy*10000 + mm*100 + dd, or 0 when the text does not have that shape at all.
[[nodiscard]] std::int32_t unreadable_date_digits(std::string_view text, std::string_view format);

}  // namespace atpipe::transforms::linkage
