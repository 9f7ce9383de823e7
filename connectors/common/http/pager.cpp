#include "connectors/common/http/pager.hpp"

#include <set>
#include <utility>

#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::http {

core::Expected<std::size_t> read_pages(const std::string& first, const PagerLimits& limits,
                                       const PageReader& read_page) {
  // URLs already requested: a server that links back to one would loop for ever.
  std::set<std::string> seen = {first};
  std::string url = first;
  for (std::size_t page = 1;; ++page) {
    auto next = read_page(url, page);
    if (!next) {
      return core::fail(std::move(next).error());
    }
    if (!*next) {
      return page;
    }
    const core::Provenance where{limits.source, redact_url(url), 0, ""};
    if (limits.refuse_repeats && !seen.insert(**next).second) {
      return core::fail(core::ErrorCode::Parse,
                        "page " + std::to_string(page) +
                            ": the server links back to a page already read; stopping instead "
                            "of looping",
                        where);
    }
    if (page >= limits.max_pages) {
      return core::fail(core::ErrorCode::Io,
                        limits.what + " has more than " + std::to_string(limits.max_pages) +
                            " pages ('" + limits.max_key + "'); raise it if that is expected",
                        where);
    }
    url = std::move(**next);
  }
}

}  // namespace atpipe::connectors::http
