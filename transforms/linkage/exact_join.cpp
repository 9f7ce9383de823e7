#include "transforms/linkage/exact_join.hpp"

#include <algorithm>
#include <utility>

#include "transforms/linkage/parallel.hpp"

namespace atpipe::transforms::linkage {
namespace {

using NhsIndex = std::pair<std::uint64_t, std::uint32_t>;

std::vector<NhsIndex> valid_numbers(const LinkSide& side) {
  std::vector<NhsIndex> out;
  out.reserve(side.size());
  for (std::size_t i = 0; i < side.size(); ++i) {
    if (side[i].nhs_state == NhsState::Valid) {
      out.emplace_back(side[i].nhs, static_cast<std::uint32_t>(i));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// 0 = goes on to probabilistic linkage, 1 = exactly paired, 2 = unmatched duplicate.
std::vector<std::uint32_t> indices_with(const std::vector<std::uint8_t>& state,
                                        std::uint8_t wanted) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < state.size(); ++i) {
    if (state[i] == wanted) {
      out.push_back(static_cast<std::uint32_t>(i));
    }
  }
  return out;
}

}  // namespace

ExactJoin exact_join(const LinkSide& at, const LinkSide& census, unsigned threads) {
  std::vector<NhsIndex> a;
  std::vector<NhsIndex> c;
  parallel_for(2, threads,
               [&](std::size_t t) { (t == 0 ? a : c) = valid_numbers(t == 0 ? at : census); });

  ExactJoin out;
  std::vector<std::uint8_t> at_state(at.size(), 0);
  std::vector<std::uint8_t> census_state(census.size(), 0);
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < c.size()) {
    if (a[i].first < c[j].first) {
      ++i;
    } else if (c[j].first < a[i].first) {
      ++j;
    } else {
      const std::uint64_t nhs = a[i].first;
      std::size_t i_end = i;
      std::size_t j_end = j;
      while (i_end < a.size() && a[i_end].first == nhs) {
        ++i_end;
      }
      while (j_end < c.size() && c[j_end].first == nhs) {
        ++j_end;
      }
      const bool duplicate = i_end - i > 1 || j_end - j > 1;
      for (std::size_t k = 0; i + k < i_end || j + k < j_end; ++k) {
        const bool has_a = i + k < i_end;
        const bool has_c = j + k < j_end;
        if (has_a && has_c) {
          out.pairs.push_back({a[i + k].second, c[j + k].second, duplicate});
          at_state[a[i + k].second] = 1;
          census_state[c[j + k].second] = 1;
        } else if (has_a) {
          at_state[a[i + k].second] = 2;
        } else {
          census_state[c[j + k].second] = 2;
        }
      }
      i = i_end;
      j = j_end;
    }
  }
  std::sort(out.pairs.begin(), out.pairs.end(),
            [](const ExactPair& x, const ExactPair& y) { return x.at < y.at; });
  out.at_rest = indices_with(at_state, 0);
  out.census_rest = indices_with(census_state, 0);
  out.at_duplicates = indices_with(at_state, 2);
  out.census_duplicates = indices_with(census_state, 2);
  return out;
}

}  // namespace atpipe::transforms::linkage
