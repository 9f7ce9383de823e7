#pragma once

#include <cstdint>

namespace atpipe::transforms::linkage {

enum class DateAgreement : std::uint8_t { Exact, DayMonthSwapped, OneDigit, Different };

// Compares two dates of birth held as days since 1970-01-01. A day/month swap (12/03 for
// 03/12) and a single mistyped digit of yyyymmdd are the usual keying errors, so each keeps
// its own agreement level instead of counting as a plain disagreement.
[[nodiscard]] DateAgreement compare_dates(std::int32_t a_days, std::int32_t b_days);

// The same on dates already held as yyyymmdd (CompactRecord::dob_ymd).
[[nodiscard]] DateAgreement compare_ymd(std::int32_t a, std::int32_t b);

// yyyy*10000 + mm*100 + dd, for messages and keys.
[[nodiscard]] std::int32_t yyyymmdd(std::int32_t days);

}  // namespace atpipe::transforms::linkage
