#include "core/nhs_number.hpp"

#include <algorithm>

namespace atpipe::core {

NhsNumberCheck check_nhs_number(std::string_view raw) {
  NhsNumberCheck out;
  std::string digits;
  bool other = false;
  for (char c : raw) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '\t') {
      other = true;
    }
  }
  if (digits.empty() && !other) {
    out.status = NhsNumberStatus::Missing;
    return out;
  }
  if (other || digits.size() != 10) {
    out.status = NhsNumberStatus::WrongLength;
    return out;
  }
  out.digits = digits;
  // Modulus 11 (at-spec §5.1): weights 10..2 over the first nine digits.
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    sum += (digits[static_cast<std::size_t>(i)] - '0') * (10 - i);
  }
  int check = 11 - (sum % 11);
  if (check == 11) {
    check = 0;
  }
  if (check == 10) {
    out.status = NhsNumberStatus::CheckDigitIsTen;
  } else if (check != digits[9] - '0') {
    out.status = NhsNumberStatus::CheckDigitMismatch;
  } else {
    out.status = NhsNumberStatus::Valid;
  }
  out.placeholder =
      std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits[0]; });
  out.test_range = digits.compare(0, 3, "999") == 0;
  return out;
}

std::string mask_nhs_number(std::string_view digits) {
  if (digits.size() <= 3) {
    return std::string(digits.size(), '*');
  }
  return std::string(digits.size() - 3, '*') + std::string(digits.substr(digits.size() - 3));
}

}  // namespace atpipe::core
