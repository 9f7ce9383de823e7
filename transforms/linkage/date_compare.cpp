#include "transforms/linkage/date_compare.hpp"

#include <date/date.h>

namespace atpipe::transforms::linkage {

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
  int differing = 0;
  std::int32_t x = a;
  std::int32_t y = b;
  for (int i = 0; i < 8; ++i) {
    differing += x % 10 != y % 10 ? 1 : 0;
    x /= 10;
    y /= 10;
  }
  return differing == 1 && x == y ? DateAgreement::OneDigit : DateAgreement::Different;
}

}  // namespace atpipe::transforms::linkage
