#include "transforms/reconcile/query_sort.hpp"

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <string>
#include <tuple>

#include "transforms/linkage/parallel.hpp"

namespace atpipe::transforms {
namespace {

// Below this, a second thread costs more than it saves.
constexpr std::size_t kParallelFrom = 1U << 14;

// A text of up to 16 bytes, none of them zero, packed big-endian and zero padded into two
// words: comparing the words orders as comparing the texts does (bytes as unsigned char, a
// prefix first).
struct Packed {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  auto operator<=>(const Packed&) const = default;
};

// What the sort compares, side by side in one array instead of spread over queries of a few
// hundred bytes each: NHS numbers, fields and ids are short.
struct SortKey {
  Packed nhs;
  Packed field;
  Packed id;
  int reason = 0;
};

bool packable(const std::string& text) {
  return text.size() <= 16 && text.find('\0') == std::string::npos;
}

std::uint64_t packed_word(const std::string& text, std::size_t from) {
  std::uint64_t word = 0;
  for (std::size_t k = from; k < from + 8; ++k) {
    const auto byte = k < text.size() ? static_cast<unsigned char>(text[k]) : 0U;
    word = word << 8 | byte;
  }
  return word;
}

Packed packed(const std::string& text) {
  return {packed_word(text, 0), packed_word(text, 8)};
}

// The keys of every query, or none when a text is too long to pack.
std::vector<SortKey> sort_keys(const std::vector<core::Query>& queries) {
  std::vector<SortKey> keys;
  keys.reserve(queries.size());
  for (const auto& q : queries) {
    if (!packable(q.nhs_number) || !packable(q.field) || !packable(q.id)) {
      return {};
    }
    keys.push_back(
        {packed(q.nhs_number), packed(q.field), packed(q.id), static_cast<int>(q.reason)});
  }
  return keys;
}

// Moves the query at order[k] to position k, following each cycle of the permutation once,
// so each query (a few hundred bytes) moves once.
void permute(std::vector<core::Query>& queries, std::vector<std::uint32_t>& order) {
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) {
      continue;
    }
    core::Query held = std::move(queries[start]);
    std::size_t k = start;
    while (order[k] != start) {
      const std::size_t from = order[k];
      queries[k] = std::move(queries[from]);
      order[k] = static_cast<std::uint32_t>(k);
      k = from;
    }
    queries[k] = std::move(held);
    order[k] = static_cast<std::uint32_t>(k);
  }
}

// The order of two halves each sorted on its own thread, then merged; empty when two
// queries compare equal (ties are where two sorts may disagree).
template <typename Less>
std::vector<std::uint32_t> two_thread_order(std::size_t n, unsigned threads, const Less& less) {
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0U);
  const auto half = static_cast<std::ptrdiff_t>(n / 2);
  linkage::parallel_for(2, threads, [&](std::size_t part) {
    auto begin = part == 0 ? order.begin() : order.begin() + half;
    auto end = part == 0 ? order.begin() + half : order.end();
    std::sort(begin, end, less);
  });
  std::vector<std::uint32_t> merged;
  merged.reserve(n);
  std::merge(order.begin(), order.begin() + half, order.begin() + half, order.end(),
             std::back_inserter(merged), less);
  for (std::size_t k = 1; k < merged.size(); ++k) {
    if (!less(merged[k - 1], merged[k])) {
      return {};
    }
  }
  return merged;
}

// The permutation that sorts the queries, by `less` over positions. std::sort's steps depend
// only on what the comparisons answer, so any `less` that answers as the comparison of the
// queries does gives the same order, ties included.
template <typename Less>
std::vector<std::uint32_t> sorted_order(std::size_t n, unsigned threads, const Less& less) {
  // Every key distinct: there is one sorted order, and both ways find it.
  std::vector<std::uint32_t> order;
  if (threads >= 2 && n >= kParallelFrom) {
    order = two_thread_order(n, threads, less);
  }
  if (order.size() != n) {
    order.assign(n, 0U);
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), less);
  }
  return order;
}

}  // namespace

void sort_queries(std::vector<core::Query>& queries, unsigned threads) {
  std::vector<std::uint32_t> order;
  const auto keys = sort_keys(queries);
  if (keys.size() == queries.size()) {
    order = sorted_order(queries.size(), threads, [&](std::uint32_t i, std::uint32_t j) {
      const auto& x = keys[i];
      const auto& y = keys[j];
      return std::tie(x.reason, x.nhs, x.field, x.id) < std::tie(y.reason, y.nhs, y.field, y.id);
    });
  } else {
    order = sorted_order(queries.size(), threads, [&](std::uint32_t i, std::uint32_t j) {
      const auto& x = queries[i];
      const auto& y = queries[j];
      return std::tie(x.reason, x.nhs_number, x.field, x.id) <
             std::tie(y.reason, y.nhs_number, y.field, y.id);
    });
  }
  permute(queries, order);
}

}  // namespace atpipe::transforms
