#include "connectors/http_json/http_json_records.hpp"

#include "connectors/common/http/json_support.hpp"

namespace atpipe::connectors::http_json {
namespace {

std::string shown(const std::string& pointer) {
  return pointer.empty() ? "the whole body" : "'" + pointer + "'";
}

// The link to the next page, from the pointer `pointer`: absent, null or "" ends the pages.
core::Expected<std::optional<std::string>> read_link(const rapidjson::Value& root,
                                                     const std::string& pointer, const char* what,
                                                     const std::string& prefix,
                                                     const core::Provenance& where) {
  std::string text;
  switch (http::scalar_text(http::find_pointer(root, pointer), text)) {
    case http::ScalarText::Missing:
      return std::optional<std::string>();
    case http::ScalarText::NotScalar:
      return core::fail(core::ErrorCode::Parse,
                        prefix + "the " + what + " at '" + pointer + "' is " +
                            http::json_kind(*http::find_pointer(root, pointer)) +
                            ", not a single value",
                        where);
    case http::ScalarText::Value:
      break;
  }
  if (text.empty()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(std::move(text));
}

}  // namespace

void flatten_records(const rapidjson::Value& records, const std::vector<std::string>& columns,
                     std::size_t& next_row, std::vector<core::RawRow>& rows) {
  std::string text;
  for (const auto& record : records.GetArray()) {
    core::RawRow row;
    row.row = next_row++;
    row.values.reserve(columns.size());
    for (const auto& column : columns) {
      const rapidjson::Value* value = http::find_pointer(record, column);
      if (http::scalar_text(value, text) == http::ScalarText::NotScalar && row.problem.empty()) {
        row.problem = "'" + column + "' holds " + http::json_kind(*value) +
                      ", not a single value; point the mapping at a field inside it";
      }
      row.values.push_back(text);
    }
    rows.push_back(std::move(row));
  }
}

core::Expected<PageLinks> read_page(std::string_view body, const HttpJsonConfig& config,
                                    const std::vector<std::string>& columns, std::size_t page,
                                    const core::Provenance& where, std::size_t& next_row,
                                    std::vector<core::RawRow>& rows) {
  const std::string prefix = "page " + std::to_string(page) + ": ";
  rapidjson::Document doc;
  std::string problem;
  if (!http::parse_json(body, doc, problem)) {
    return core::fail(core::ErrorCode::Parse,
                      prefix + problem + "; nothing from this source was used", where);
  }
  const rapidjson::Value* records = http::find_pointer(doc, config.records);
  if (records == nullptr) {
    return core::fail(core::ErrorCode::Parse,
                      prefix + "the response has nothing at 'records' (" + shown(config.records) +
                          "); check 'records' against what the server sends",
                      where);
  }
  if (!records->IsArray()) {
    return core::fail(core::ErrorCode::Parse,
                      prefix + "'records' (" + shown(config.records) + ") is " +
                          http::json_kind(*records) + ", not an array of records",
                      where);
  }
  PageLinks links;
  links.records = records->Size();
  if (config.pagination == Pagination::NextLink) {
    auto next = read_link(doc, config.next, "next link", prefix, where);
    if (!next) {
      return core::fail(std::move(next).error());
    }
    links.next = std::move(*next);
  } else if (config.pagination == Pagination::Cursor) {
    auto cursor = read_link(doc, config.cursor, "cursor", prefix, where);
    if (!cursor) {
      return core::fail(std::move(cursor).error());
    }
    links.next = std::move(*cursor);
  }
  flatten_records(*records, columns, next_row, rows);
  return links;
}

}  // namespace atpipe::connectors::http_json
