#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "connectors/common/http/pager.hpp"

namespace atpipe::connectors::http {
namespace {

// A reader over a fixed chain of links: page URL -> next URL ("" = last page).
struct Chain {
  std::vector<std::pair<std::string, std::string>> links;
  std::vector<std::string> read;

  core::Expected<std::optional<std::string>> operator()(const std::string& url, std::size_t) {
    read.push_back(url);
    for (const auto& [page, next] : links) {
      if (page == url) {
        return next.empty() ? std::optional<std::string>() : std::optional<std::string>(next);
      }
    }
    return core::fail(core::ErrorCode::Network, "no such page");
  }
};

PagerLimits limits(std::size_t max_pages = 10) {
  PagerLimits out;
  out.source = "la";
  out.what = "the source";
  out.max_pages = max_pages;
  return out;
}

}  // namespace

TEST_CASE("pager: follows next links to the last page", "[unit][http]") {
  Chain chain{{{"https://a/1", "https://a/2"}, {"https://a/2", "https://a/3"}, {"https://a/3", ""}},
              {}};
  auto pages = read_pages("https://a/1", limits(), std::ref(chain));
  REQUIRE(pages.has_value());
  CHECK(*pages == 3);
  CHECK(chain.read == std::vector<std::string>{"https://a/1", "https://a/2", "https://a/3"});
}

TEST_CASE("pager: a link back to a page already read stops the loop", "[unit][http]") {
  Chain chain{
      {{"https://a/1?key=secret", "https://a/2"}, {"https://a/2", "https://a/1?key=secret"}}, {}};
  auto pages = read_pages("https://a/1?key=secret", limits(), std::ref(chain));
  REQUIRE_FALSE(pages.has_value());
  CHECK(pages.error().code() == core::ErrorCode::Parse);
  CHECK(pages.error().message() ==
        "page 2: the server links back to a page already read; stopping instead of looping");
  CHECK(pages.error().where().file == "https://a/2");

  auto offsets = limits(3);
  offsets.refuse_repeats = false;  // offset paging builds each URL; repeats are not loops
  Chain loop{{{"https://a/1", "https://a/1"}}, {}};
  auto capped = read_pages("https://a/1", offsets, std::ref(loop));
  REQUIRE_FALSE(capped.has_value());
  CHECK(capped.error().code() == core::ErrorCode::Io);
  CHECK(capped.error().message() ==
        "the source has more than 3 pages ('max_pages'); raise it if that is expected");
  CHECK(loop.read.size() == 3);
}

TEST_CASE("pager: a failing page fails the whole read", "[unit][http]") {
  Chain chain{{{"https://a/1", "https://a/missing"}}, {}};
  auto pages = read_pages("https://a/1", limits(), std::ref(chain));
  REQUIRE_FALSE(pages.has_value());
  CHECK(pages.error().message() == "no such page");
}

}  // namespace atpipe::connectors::http
