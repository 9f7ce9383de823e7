#include "transforms/linkage/jaro_winkler.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace atpipe::transforms::linkage {

namespace {

double jaro_from(std::size_t matches, std::size_t transpositions, std::size_t la, std::size_t lb) {
  if (matches == 0) {
    return 0.0;
  }
  const double m = static_cast<double>(matches);
  const double t = static_cast<double>(transpositions / 2);
  return (m / static_cast<double>(la) + m / static_cast<double>(lb) + (m - t) / m) / 3.0;
}

// Names fit in 64 characters: the matched flags live in two registers, which is what makes
// comparing tens of millions of candidate pairs affordable.
double jaro_short(std::string_view a, std::string_view b) {
  const std::size_t longer = std::max(a.size(), b.size());
  const std::size_t window = longer / 2 == 0 ? 0 : longer / 2 - 1;
  std::uint64_t a_used = 0;
  std::uint64_t b_used = 0;
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if ((b_used >> j & 1U) == 0 && a[i] == b[j]) {
        a_used |= std::uint64_t{1} << i;
        b_used |= std::uint64_t{1} << j;
        ++matches;
        break;
      }
    }
  }
  std::size_t half_transpositions = 0;
  while (a_used != 0) {
    const auto i = static_cast<std::size_t>(std::countr_zero(a_used));
    const auto j = static_cast<std::size_t>(std::countr_zero(b_used));
    half_transpositions += a[i] != b[j] ? 1 : 0;
    a_used &= a_used - 1;
    b_used &= b_used - 1;
  }
  return jaro_from(matches, half_transpositions, a.size(), b.size());
}

double jaro_long(std::string_view a, std::string_view b) {
  std::vector<bool> a_flag(a.size(), false);
  std::vector<bool> b_flag(b.size(), false);
  const std::size_t longer = std::max(a.size(), b.size());
  const std::size_t window = longer / 2 == 0 ? 0 : longer / 2 - 1;
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (!b_flag[j] && a[i] == b[j]) {
        a_flag[i] = true;
        b_flag[j] = true;
        ++matches;
        break;
      }
    }
  }
  std::size_t half_transpositions = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a_flag[i]) {
      continue;
    }
    while (!b_flag[k]) {
      ++k;
    }
    half_transpositions += a[i] != b[k] ? 1 : 0;
    ++k;
  }
  return jaro_from(matches, half_transpositions, a.size(), b.size());
}

}  // namespace

double jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) {
    return 1.0;
  }
  if (a.empty() || b.empty()) {
    return 0.0;
  }
  if (a == b) {
    return 1.0;
  }
  return a.size() <= 64 && b.size() <= 64 ? jaro_short(a, b) : jaro_long(a, b);
}

double jaro_winkler_upper_bound(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) {
    return a.empty() && b.empty() ? 1.0 : 0.0;
  }
  // Buckets by the low five bits: letters get one each; anything sharing a bucket only
  // loosens the bound, never breaks it.
  std::array<std::uint8_t, 32> counts{};
  for (char c : a) {
    ++counts[static_cast<unsigned char>(c) & 31U];
  }
  std::size_t common = 0;
  for (char c : b) {
    std::uint8_t& n = counts[static_cast<unsigned char>(c) & 31U];
    const bool hit = n > 0;
    common += hit ? 1 : 0;
    n = static_cast<std::uint8_t>(n - (hit ? 1 : 0));
  }
  const double j = jaro_from(common, 0, a.size(), b.size());
  std::size_t prefix = 0;
  const std::size_t limit = std::min<std::size_t>({4, a.size(), b.size()});
  while (prefix < limit && a[prefix] == b[prefix]) {
    ++prefix;
  }
  return j + static_cast<double>(prefix) * 0.1 * (1.0 - j);
}

double jaro_winkler(std::string_view a, std::string_view b) {
  const double j = jaro(a, b);
  if (j <= 0.7) {
    return j;
  }
  std::size_t prefix = 0;
  const std::size_t limit = std::min<std::size_t>({4, a.size(), b.size()});
  while (prefix < limit && a[prefix] == b[prefix]) {
    ++prefix;
  }
  return j + static_cast<double>(prefix) * 0.1 * (1.0 - j);
}

}  // namespace atpipe::transforms::linkage
