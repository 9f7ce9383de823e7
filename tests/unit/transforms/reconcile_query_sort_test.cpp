#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "transforms/reconcile/query_sort.hpp"

using namespace atpipe;

namespace {

// Enough queries for the two-thread path, in a scrambled order. With `ties`, groups of
// queries share reason, NHS number, field and id but differ in their action, so the order
// within a group shows which sort made it.
std::vector<core::Query> scrambled(std::size_t n, bool ties) {
  std::vector<core::Query> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = (i * 7919) % n;
    const std::size_t g = ties ? k / 3 : k;  // three queries to a key with ties
    auto& q = out[i];
    q.reason = static_cast<core::QueryReason>(g % 4);
    // Texts of every length to 10 (prefixes of one another) and a few bytes past 0x7f.
    q.nhs_number = ("999" + std::to_string(1000000 + g % 977)).substr(0, g % 11);
    if (g % 13 == 0) {
      q.nhs_number += "\xc3\xa9";
    }
    q.field = g % 3 == 0 ? "date_of_birth" : "";
    q.id = "Q" + std::to_string(g);
    q.action = "action " + std::to_string(i);
  }
  return out;
}

auto key(const core::Query& q) {
  return std::tie(q.reason, q.nhs_number, q.field, q.id);
}

std::vector<std::string> actions(const std::vector<core::Query>& queries) {
  std::vector<std::string> out;
  for (const auto& q : queries) {
    out.push_back(q.action);
  }
  return out;
}

}  // namespace

TEST_CASE("sorting queries on two threads gives the one-thread order", "[unit][reconcile]") {
  for (bool ties : {false, true}) {
    auto one = scrambled(40000, ties);
    auto two = one;
    transforms::sort_queries(one, 1);
    transforms::sort_queries(two, 2);
    CHECK(std::is_sorted(one.begin(), one.end(),
                         [](const auto& x, const auto& y) { return key(x) < key(y); }));
    CHECK(actions(one) == actions(two));
  }
}

TEST_CASE("queries with distinct keys sort into the order of their keys", "[unit][reconcile]") {
  auto queries = scrambled(20000, false);
  auto expected = queries;
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& x, const auto& y) { return key(x) < key(y); });
  transforms::sort_queries(queries, 2);
  CHECK(actions(queries) == actions(expected));
}

TEST_CASE("an NHS number too long to pack still sorts as text", "[unit][reconcile]") {
  auto queries = scrambled(20000, false);
  queries[123].nhs_number = "99912345678901234567";  // 20 bytes: the keys are not packed
  queries[456].nhs_number = "9991234567890123456";
  auto expected = queries;
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& x, const auto& y) { return key(x) < key(y); });
  transforms::sort_queries(queries, 2);
  CHECK(actions(queries) == actions(expected));
}
