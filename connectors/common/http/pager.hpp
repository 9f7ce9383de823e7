#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "core/expected.hpp"

namespace atpipe::connectors::http {

// Reads one page at `url` (the `page`th, from 1) and says where the next one is: an absolute
// URL, or nullopt after the last page.
using PageReader = std::function<core::Expected<std::optional<std::string>>(const std::string& url,
                                                                            std::size_t page)>;

// How far a pager may go, and how its messages name what it reads.
struct PagerLimits {
  std::string source;               // the plugin instance, for provenance
  std::string what = "the source";  // "the search has more than N pages"
  std::size_t max_pages = 10000;
  std::string max_key = "max_pages";  // the config key that raises the limit
  // A next URL that was already read is a loop and fails; off for paging schemes that build
  // each URL from a counter (offset paging), where a repeat cannot happen.
  bool refuse_repeats = true;
};

// The paging loop shared by http_json, fhir and the MESH inbox: reads `first`, then each next
// page in turn, until a page has no next. Stops with an error when a page fails, when the
// server links back to a page already read, or beyond `max_pages`. Returns how many pages were
// read. One call per pull, on the caller's thread.
[[nodiscard]] core::Expected<std::size_t> read_pages(const std::string& first,
                                                     const PagerLimits& limits,
                                                     const PageReader& read_page);

}  // namespace atpipe::connectors::http
