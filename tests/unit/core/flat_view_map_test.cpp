#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/flat_view_map.hpp"

using atpipe::core::FlatViewMap;

TEST_CASE("a flat view map finds every key it holds, first insert wins, and grows",
          "[unit][core]") {
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) {
    keys.push_back("census:L" + std::to_string(i));
  }
  FlatViewMap<int> map(10);  // far too small: it must grow without losing a key
  for (int i = 0; i < 5000; ++i) {
    CHECK(map.emplace(keys[i], i).second);
  }
  CHECK_FALSE(map.emplace(keys[7], -1).second);
  CHECK(*map.emplace(keys[7], -1).first == 7);
  REQUIRE(map.size() == 5000);
  for (int i = 0; i < 5000; ++i) {
    auto* v = map.find(keys[i]);
    REQUIRE(v != nullptr);
    CHECK(*v == i);
  }
  CHECK(map.find("census:L5000") == nullptr);
  CHECK(map.find("") == nullptr);
  CHECK(map.emplace("", 9).second);
  CHECK(*map.find("") == 9);
}
