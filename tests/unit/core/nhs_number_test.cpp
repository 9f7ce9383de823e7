#include <catch2/catch.hpp>

#include "core/nhs_number.hpp"

using atpipe::core::check_nhs_number;
using atpipe::core::mask_nhs_number;
using atpipe::core::NhsNumberStatus;

TEST_CASE("valid NHS numbers pass Modulus 11 (at-spec 5.1)", "[unit][core][nhs]") {
  for (const char* n : {"9434765919", "6541003238", "4010232137", "9876544322", "9990000018",
                        "9990000026", "9990000034"}) {
    INFO(n);
    auto c = check_nhs_number(n);
    CHECK(c.status == NhsNumberStatus::Valid);
    CHECK(c.digits == n);
  }
}

TEST_CASE("spaces and hyphens are accepted on input", "[unit][core][nhs]") {
  CHECK(check_nhs_number("654 100 3238").digits == "6541003238");
  CHECK(check_nhs_number("654-100-3238").valid());
  CHECK(check_nhs_number(" 999 000 0018 ").valid());
}

TEST_CASE("check digit problems are told apart", "[unit][core][nhs]") {
  // 9991234560: the check digit computes to 10, so the number is never issued.
  CHECK(check_nhs_number("9991234560").status == NhsNumberStatus::CheckDigitIsTen);
  // 9876544321: the check digit should be 2.
  auto c = check_nhs_number("9876544321");
  CHECK(c.status == NhsNumberStatus::CheckDigitMismatch);
  CHECK(c.digits == "9876544321");
}

TEST_CASE("wrong length and stray characters", "[unit][core][nhs]") {
  CHECK(check_nhs_number("999000001").status == NhsNumberStatus::WrongLength);
  CHECK(check_nhs_number("99900000180").status == NhsNumberStatus::WrongLength);
  CHECK(check_nhs_number("99900A0018").status == NhsNumberStatus::WrongLength);
  CHECK(check_nhs_number("").status == NhsNumberStatus::Missing);
  CHECK(check_nhs_number("   ").status == NhsNumberStatus::Missing);
}

TEST_CASE("all-same-digit numbers pass the checksum but are placeholders", "[unit][core][nhs]") {
  auto zeros = check_nhs_number("0000000000");
  CHECK(zeros.valid());
  CHECK(zeros.placeholder);
  auto ones = check_nhs_number("1111111111");
  CHECK(ones.valid());
  CHECK(ones.placeholder);
  CHECK_FALSE(check_nhs_number("9434765919").placeholder);
}

TEST_CASE("999 numbers are flagged as test range", "[unit][core][nhs]") {
  CHECK(check_nhs_number("9990000018").test_range);
  CHECK_FALSE(check_nhs_number("9434765919").test_range);
}

TEST_CASE("masking keeps only the last three digits", "[unit][core][nhs]") {
  CHECK(mask_nhs_number("9990000018") == "*******018");
  CHECK(mask_nhs_number("12") == "**");
}
