#include "connectors/http_json/http_json_config.hpp"

#include <algorithm>
#include <utility>

#include "connectors/common/http/http_config.hpp"
#include "connectors/common/http/json_support.hpp"

namespace atpipe::connectors::http_json {
namespace {

using config::key_in;

constexpr long kMaxLimit = 100000;
constexpr long kMaxPages = 1000000;

// A JSON Pointer key: checked for syntax so that a typo is a config error, not an empty source.
bool read_pointer(const config::NodeReader& reader, const std::string& key,
                  const std::string& example, std::string& out) {
  auto text = reader.string(key);
  if (!text) {
    return !reader.has(key);  // absent with no default: leave `out` as it is
  }
  if (!http::valid_pointer(*text)) {
    reader.diagnostics().error(reader.mark_of(key), key_in(reader, key) +
                                                        " must be a JSON Pointer such as '" +
                                                        example + "', got '" + *text + "'");
    return false;
  }
  out = std::move(*text);
  return true;
}

bool read_param(const config::NodeReader& reader, const std::string& key, std::string& out) {
  auto text = reader.string(key);
  if (!text) {
    return false;
  }
  if (text->empty()) {
    reader.diagnostics().error(reader.mark_of(key), key_in(reader, key) + " cannot be empty");
    return false;
  }
  out = std::move(*text);
  return true;
}

// Which keys of `pagination:` belong to which type; a key given for another type is an error
// rather than silently ignored (style.md "Traps").
struct TypeKeys {
  const char* type;
  Pagination pagination;
  std::vector<std::string> keys;
};

const std::vector<TypeKeys>& type_keys() {
  static const std::vector<TypeKeys> table = {
      {"none", Pagination::None, {}},
      {"next_link", Pagination::NextLink, {"next"}},
      {"offset", Pagination::Offset, {"offset_param", "limit_param", "limit"}},
      {"cursor", Pagination::Cursor, {"cursor", "cursor_param"}},
  };
  return table;
}

bool read_pagination(const config::NodeReader& source, HttpJsonConfig& out) {
  if (!source.has("pagination")) {
    return true;
  }
  const YAML::Node node = source.node("pagination");
  if (!node.IsMap()) {
    return false;  // the source's reader has reported the shape
  }
  auto& diag = source.diagnostics();
  const config::NodeReader reader(node, pagination_keys(), key_in(source, "pagination"), diag,
                                  source.config_file());
  const auto type = reader.string("type");
  if (!type) {
    return false;
  }
  const auto& table = type_keys();
  const auto chosen = std::find_if(table.begin(), table.end(),
                                   [&](const TypeKeys& row) { return row.type == *type; });
  if (chosen == table.end()) {
    return false;  // the reader has checked the choices
  }
  out.pagination = chosen->pagination;
  bool ok = true;
  for (const auto& row : table) {
    if (&row == &*chosen) {
      continue;
    }
    for (const auto& key : row.keys) {
      if (reader.has(key)) {
        diag.error(reader.mark_of(key), key_in(reader, key) + " is only used when 'type' is " +
                                            row.type + ", not " + *type);
        ok = false;
      }
    }
  }
  for (const char* required : {"next", "cursor"}) {
    const auto& keys = chosen->keys;
    const bool needed = std::find(keys.begin(), keys.end(), required) != keys.end();
    if (needed && !reader.has(required)) {
      diag.error(reader.mark(), key_in(reader, required) + " is required when 'type' is " + *type);
      ok = false;
    }
  }
  switch (out.pagination) {
    case Pagination::NextLink:
      ok = read_pointer(reader, "next", "/links/next", out.next) && ok;
      break;
    case Pagination::Cursor:
      ok = read_pointer(reader, "cursor", "/meta/next_cursor", out.cursor) && ok;
      ok = read_param(reader, "cursor_param", out.cursor_param) && ok;
      break;
    case Pagination::Offset: {
      ok = read_param(reader, "offset_param", out.offset_param) && ok;
      ok = read_param(reader, "limit_param", out.limit_param) && ok;
      if (ok && out.offset_param == out.limit_param) {
        diag.error(reader.mark_of("limit_param"),
                   key_in(reader, "limit_param") + " must differ from 'offset_param'");
        ok = false;
      }
      const auto limit = reader.integer("limit");
      if (!limit) {
        ok = false;
      } else if (*limit < 1 || *limit > kMaxLimit) {
        diag.error(reader.mark_of("limit"), key_in(reader, "limit") + " must be 1 to " +
                                                std::to_string(kMaxLimit) + ", got " +
                                                std::to_string(*limit));
        ok = false;
      } else {
        out.limit = static_cast<std::size_t>(*limit);
      }
      break;
    }
    case Pagination::None:
      break;
  }
  return ok;
}

// For http_json the mapping's columns are JSON Pointers into each record; the loader reads the
// mapping itself, so only the pointer syntax is checked here.
bool check_mapping_pointers(const config::NodeReader& reader) {
  const YAML::Node mapping = reader.node("mapping");
  if (!mapping.IsMap()) {
    return true;
  }
  bool ok = true;
  for (auto it = mapping.begin(); it != mapping.end(); ++it) {
    // Copies, never assignments: assigning a yaml-cpp node rewrites the node it refers to.
    const YAML::Node value = it->second;
    const YAML::Node column = value.IsMap() ? value["column"] : value;
    if (!it->first.IsScalar() || !column.IsDefined() || !column.IsScalar()) {
      continue;  // constants and shape errors are the loader's
    }
    const std::string& text = column.Scalar();
    if (text.find("${") != std::string::npos || http::valid_pointer(text)) {
      continue;
    }
    reader.diagnostics().error(config::mark_of(column, reader.config_file()),
                               "field '" + it->first.Scalar() + "' of " + reader.context() +
                                   " must name a JSON Pointer into each record, such as '/" + text +
                                   "', got '" + text + "'");
    ok = false;
  }
  return ok;
}

}  // namespace

const config::KeyTable& pagination_keys() {
  using config::KeyType;
  // clang-format off
  static const config::KeyTable table = {
      {"type", KeyType::Enum, true, "", {"none", "next_link", "offset", "cursor"},
       "how pages are linked: none, next_link, offset or cursor"},
      {"next", KeyType::String, false, "", {},
       "next_link: JSON Pointer to the next page's URL; absent, null or \"\" ends the pages"},
      {"offset_param", KeyType::String, false, "offset", {},
       "offset: query parameter that carries the number of records already read"},
      {"limit_param", KeyType::String, false, "limit", {},
       "offset: query parameter that carries the page size"},
      {"limit", KeyType::Int, false, "100", {},
       "offset: records per page; a shorter page is the last"},
      {"cursor", KeyType::String, false, "", {},
       "cursor: JSON Pointer to the next cursor; absent, null or \"\" ends the pages"},
      {"cursor_param", KeyType::String, false, "cursor", {},
       "cursor: query parameter that sends the cursor back"},
  };
  // clang-format on
  return table;
}

const config::KeyTable& http_json_keys() {
  using config::KeyType;
  static const config::KeyTable table = []() {
    // clang-format off
    config::KeyTable keys = {
        {"url", KeyType::String, true, "", {},
         "http:// or https:// URL of the first page; put credentials under 'auth', not here"},
        {"method", KeyType::Enum, false, "GET", {"GET", "POST"}, "GET or POST"},
        {"body", KeyType::String, false, "", {}, "request body for POST (sent as JSON)"},
        {"headers", KeyType::Map, false, "", {},
         "extra request headers, name: value; values may use ${VAR}"},
        {"records", KeyType::String, false, "", {},
         "JSON Pointer to the array of records in each page, such as /data; default: the body"},
        {"pagination", KeyType::Map, false, "", {},
         "type: none | next_link (next) | offset (offset_param, limit_param, limit) | cursor "
         "(cursor, cursor_param); see example.yaml"},
        {"max_pages", KeyType::Int, false, "10000", {},
         "safety limit: a source with more pages fails instead of looping for ever"},
    };
    // clang-format on
    const auto& shared = http::http_keys();
    keys.insert(keys.end(), shared.begin(), shared.end());
    return keys;
  }();
  return table;
}

std::shared_ptr<const HttpJsonConfig> parse_http_json_config(const config::NodeReader& reader) {
  auto out = std::make_shared<HttpJsonConfig>();
  auto& diag = reader.diagnostics();
  bool ok = http::read_url(reader, "url", out->url);

  // The reader has checked the value against the table's choices.
  const auto method = reader.string("method");
  ok = method.has_value() && ok;
  out->method = method.value_or("GET");
  if (reader.has("body")) {
    if (out->method != "POST") {
      diag.error(reader.mark_of("body"),
                 key_in(reader, "body") + " is only used when 'method' is POST");
      ok = false;
    }
    out->body = reader.string("body").value_or("");
  }
  ok = http::read_string_map(reader, "headers", http::NameRule::HeaderName, out->headers) && ok;
  ok = http::read_http_settings(reader, out->http) && ok;
  ok = read_pointer(reader, "records", "/data", out->records) && ok;
  ok = read_pagination(reader, *out) && ok;

  if (auto max_pages = reader.integer("max_pages")) {
    if (*max_pages < 1 || *max_pages > kMaxPages) {
      diag.error(reader.mark_of("max_pages"), key_in(reader, "max_pages") + " must be 1 to " +
                                                  std::to_string(kMaxPages) + ", got " +
                                                  std::to_string(*max_pages));
      ok = false;
    } else {
      out->max_pages = static_cast<std::size_t>(*max_pages);
    }
  } else {
    ok = false;
  }
  ok = check_mapping_pointers(reader) && ok;
  return ok ? out : nullptr;
}

}  // namespace atpipe::connectors::http_json
