#pragma once

#include <cstddef>
#include <string>

namespace atpipe::testing {

// The n-th NHS number of the 999 test range with a valid check digit, made by the test itself
// so that no real person's number enters the repo; "" when n's check digit would be 10 (no
// valid number has it).
inline std::string test_nhs_number(int n) {
  std::string d = "999" + std::to_string(1000000 + n).substr(1);
  d.resize(9);
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    sum += (d[static_cast<std::size_t>(i)] - '0') * (10 - i);
  }
  const int check = 11 - sum % 11;
  return check == 10 ? std::string() : d + std::to_string(check == 11 ? 0 : check);
}

}  // namespace atpipe::testing
