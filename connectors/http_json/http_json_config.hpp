#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "connectors/common/http/http_client.hpp"

namespace atpipe::connectors::http_json {

enum class Pagination { None, NextLink, Offset, Cursor };

// The settings of one `type: http_json` source, checked once by parse_http_json_config() and
// then shared read-only (style.md rule 3) by the factory and every HttpJsonSource made from it.
// Holds resolved secrets (auth), so it is never printed.
struct HttpJsonConfig : config::ConnectorConfig {
  std::string url;
  std::string method = "GET";  // GET or POST
  std::string body;            // POST only
  http::Headers headers;
  http::HttpSettings http;
  std::string records;  // JSON Pointer to the array of records; "" = the whole body

  Pagination pagination = Pagination::None;
  std::string next;  // next_link: JSON Pointer to the next page's URL
  std::string offset_param = "offset";
  std::string limit_param = "limit";
  std::size_t limit = 100;
  std::string cursor;  // cursor: JSON Pointer to the next cursor value
  std::string cursor_param = "cursor";
  std::size_t max_pages = 10000;
};

using HttpJsonConfigPtr = std::shared_ptr<const HttpJsonConfig>;

// The key table of `type: http_json` (style.md rule 4), the shared HTTP keys included.
[[nodiscard]] const config::KeyTable& http_json_keys();
// The keys of the `pagination:` mapping.
[[nodiscard]] const config::KeyTable& pagination_keys();

// Builds the config from a reader over the source's mapping; also checks that every column in
// the source's `mapping:` is a JSON Pointer. Adds the cross-key errors to the reader's
// diagnostics and returns nullptr when the config is unusable.
[[nodiscard]] std::shared_ptr<const HttpJsonConfig> parse_http_json_config(
    const config::NodeReader& reader);

}  // namespace atpipe::connectors::http_json
