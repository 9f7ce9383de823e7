#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "transforms/reconcile/query_chunks.hpp"

using namespace atpipe;

TEST_CASE("query blocks give back every query in the order added, across blocks",
          "[unit][reconcile]") {
  const std::size_t n = 2 * transforms::QueryChunks::kPerBlock + 5;  // three blocks
  transforms::QueryChunks chunks;
  for (std::size_t i = 0; i < n; ++i) {
    core::Query q;
    q.id = std::to_string(i);
    chunks.push_back(std::move(q));
  }
  CHECK(chunks.size() == n);

  std::vector<core::Query> out(1);
  out[0].id = "already there";
  out.reserve(n + 1);
  chunks.move_into(out);
  CHECK(chunks.size() == 0);
  REQUIRE(out.size() == n + 1);
  CHECK(out[0].id == "already there");
  bool in_order = true;
  for (std::size_t i = 0; i < n; ++i) {
    in_order = in_order && out[i + 1].id == std::to_string(i);
  }
  CHECK(in_order);
}
