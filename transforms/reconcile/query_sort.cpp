#include "transforms/reconcile/query_sort.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <tuple>

#include "transforms/linkage/parallel.hpp"

namespace atpipe::transforms {
namespace {

// Below this, a second thread costs more than it saves.
constexpr std::size_t kParallelFrom = 1U << 14;

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

}  // namespace

void sort_queries(std::vector<core::Query>& queries, unsigned threads) {
  auto less = [&](std::uint32_t i, std::uint32_t j) {
    const auto& x = queries[i];
    const auto& y = queries[j];
    return std::tie(x.reason, x.nhs_number, x.field, x.id) <
           std::tie(y.reason, y.nhs_number, y.field, y.id);
  };
  // Every key distinct: there is one sorted order, and both ways find it.
  std::vector<std::uint32_t> order;
  if (threads >= 2 && queries.size() >= kParallelFrom) {
    order = two_thread_order(queries.size(), threads, less);
  }
  if (order.size() != queries.size()) {
    order.assign(queries.size(), 0U);
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), less);
  }
  permute(queries, order);
}

}  // namespace atpipe::transforms
