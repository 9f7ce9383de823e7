#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/http_json/http_json_config.hpp"
#include "core/expected.hpp"
#include "core/source.hpp"

namespace atpipe::connectors::http_json {

// What one page said about the pages after it.
struct PageLinks {
  std::size_t records = 0;
  std::optional<std::string> next;  // next_link: the URL as given; cursor: the cursor value
};

// Appends one row per element of `records` to `rows`: one value per column (a JSON Pointer
// relative to the record), numbered from `next_row` on. A value that is an object or an array
// marks the row with a problem (naming the pointer, never the value) so it is rejected, not
// guessed at.
void flatten_records(const rapidjson::Value& records, const std::vector<std::string>& columns,
                     std::size_t& next_row, std::vector<core::RawRow>& rows);

// Parses one page's body, flattens its records into `rows` and reads its link to the next
// page. Malformed JSON, a `records` pointer that is missing or not an array, or a next link or
// cursor of the wrong kind fail with "page N: ..." at `where`.
[[nodiscard]] core::Expected<PageLinks> read_page(std::string_view body,
                                                  const HttpJsonConfig& config,
                                                  const std::vector<std::string>& columns,
                                                  std::size_t page, const core::Provenance& where,
                                                  std::size_t& next_row,
                                                  std::vector<core::RawRow>& rows);

}  // namespace atpipe::connectors::http_json
