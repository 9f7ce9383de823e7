#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "transforms/summary/shared_summary.hpp"

using namespace atpipe;
using transforms::SummaryTable;

namespace {

std::vector<SummaryTable> tables_named(const std::string& name) {
  return {SummaryTable{name, "title", {{"row", 1}}}};
}

}  // namespace

TEST_CASE("summary files wait for the return's walk once it has begun", "[unit][summary]") {
  std::atomic<int> made{0};
  transforms::SharedSummary shared([&] {
    ++made;
    return tables_named("made");
  });
  REQUIRE(shared.begin_walk());
  auto waiting = std::async(std::launch::async, [&] { return shared.get().front().name; });
  CHECK(waiting.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
  shared.offer(tables_named("walked"));
  CHECK(waiting.get() == "walked");
  CHECK(shared.get().front().name == "walked");
  CHECK(made == 0);
}

TEST_CASE("a summary file makes the tables when the return's walk never began", "[unit][summary]") {
  std::atomic<int> made{0};
  transforms::SharedSummary shared([&] {
    ++made;
    return tables_named("made");
  });
  CHECK(shared.get().front().name == "made");
  CHECK(shared.get().front().name == "made");
  CHECK(made == 1);
  CHECK_FALSE(shared.begin_walk());  // the return is then written without the walk
}

TEST_CASE("a failed walk leaves the tables to the summary files", "[unit][summary]") {
  int attempts = 0;
  transforms::SharedSummary shared([&]() -> std::vector<SummaryTable> {
    if (++attempts == 1) {
      throw std::runtime_error("out of memory");
    }
    return tables_named("made");
  });
  REQUIRE(shared.begin_walk());
  auto waiting = std::async(std::launch::async, [&] {
    try {
      return shared.get().front().name;
    } catch (const std::runtime_error&) {
      return std::string("threw");
    }
  });
  shared.failed();
  // The waiting file made them; its first attempt threw, so a second get() makes them again.
  auto first = waiting.get();
  if (first == "threw") {
    CHECK(shared.get().front().name == "made");
  } else {
    CHECK(first == "made");
  }
  CHECK(attempts == 2);
}
