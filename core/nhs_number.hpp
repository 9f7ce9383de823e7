#pragma once

#include <string>
#include <string_view>

namespace atpipe::core {

enum class NhsNumberStatus {
  Valid,
  Missing,             // AT-R010
  WrongLength,         // AT-R011: not 10 digits once spaces and hyphens are removed
  CheckDigitIsTen,     // AT-R012: never issued
  CheckDigitMismatch,  // AT-R013
};

// The result of checking one NHS number (at-spec §5.1). `digits` is the normalised form
// (spaces and hyphens removed) whenever the input had 10 digits, so it can be reported
// masked even when the check digit is wrong.
struct NhsNumberCheck {
  NhsNumberStatus status = NhsNumberStatus::Missing;
  std::string digits;
  bool placeholder = false;  // all ten digits the same (AT-R014)
  bool test_range = false;   // begins 999: reserved for test data (AT-R014)

  [[nodiscard]] bool valid() const { return status == NhsNumberStatus::Valid; }
};

[[nodiscard]] NhsNumberCheck check_nhs_number(std::string_view raw);

// For logs and messages: keeps only the last three digits ("*******018").
[[nodiscard]] std::string mask_nhs_number(std::string_view digits);

}  // namespace atpipe::core
