#include "connectors/http_json/http_json_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <utility>

#include "config/basic_factory.hpp"
#include "config/source_factory.hpp"
#include "config/source_registry.hpp"
#include "connectors/common/http/http_url.hpp"
#include "connectors/common/http/json_support.hpp"
#include "connectors/common/http/pager.hpp"
#include "connectors/http_json/http_json_records.hpp"

namespace atpipe::connectors::http_json {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool has_header(const http::Headers& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return same_name(header.first, name); });
}

// Where the page after `url` is, by the source's paging scheme; nullopt after the last.
template <class PageUrl>
core::Expected<std::optional<std::string>> next_page(const HttpJsonConfig& config,
                                                     const std::string& url,
                                                     const std::string& effective_url,
                                                     const PageLinks& links, std::size_t page,
                                                     const core::Provenance& where,
                                                     std::size_t& offset, const PageUrl& page_url) {
  switch (config.pagination) {
    case Pagination::None:
      break;
    case Pagination::Offset:
      if (links.records >= config.limit) {
        offset += links.records;
        return std::optional<std::string>(page_url(offset));
      }
      break;
    case Pagination::NextLink:
      if (links.next) {
        const auto base = effective_url.empty() ? url : effective_url;
        auto next = http::resolve_url(base, *links.next);
        if (!next) {
          return core::fail(core::ErrorCode::Parse,
                            "page " + std::to_string(page) + ": the next link at '" + config.next +
                                "' is not a valid URL",
                            where);
        }
        return next;
      }
      break;
    case Pagination::Cursor:
      if (links.next) {
        return std::optional<std::string>(
            http::with_query(config.url, config.cursor_param, *links.next));
      }
      break;
  }
  return std::optional<std::string>();
}

}  // namespace

HttpJsonSource::HttpJsonSource(std::string name, HttpJsonConfigPtr config,
                               std::vector<std::string> columns, http::Sleeper sleep)
    : SourceBase(std::move(name), "http_json"),
      config_(std::move(config)),
      columns_(std::move(columns)),
      sleep_(std::move(sleep)) {}

http::HttpRequest HttpJsonSource::request_for(const std::string& url, std::size_t page) const {
  http::HttpRequest request;
  request.method = config_->method;
  request.url = url;
  request.page = page;
  request.headers = config_->headers;
  if (!has_header(request.headers, "Accept")) {
    request.headers.emplace_back("Accept", "application/json");
  }
  if (config_->method == "POST") {
    request.body = config_->body;
    if (!has_header(request.headers, "Content-Type")) {
      request.headers.emplace_back("Content-Type", "application/json");
    }
  }
  return request;
}

core::Expected<core::PullResult> HttpJsonSource::do_pull(const core::PullContext& /*ctx*/) {
  const HttpJsonConfig& config = *config_;
  core::RawBatch batch;
  batch.file = http::redact_url(config.url);
  batch.header = columns_;
  http::HttpClient client(name(), config.http, sleep_);
  client.set_logger(&log());

  std::size_t next_row = 1;
  std::size_t offset = 0;
  const auto page_url = [&config](std::size_t at) {
    return http::with_query(http::with_query(config.url, config.offset_param, std::to_string(at)),
                            config.limit_param, std::to_string(config.limit));
  };
  const auto read = [&](const std::string& url,
                        std::size_t page) -> core::Expected<std::optional<std::string>> {
    const core::Provenance where{name(), http::redact_url(url), 0, ""};
    auto response = client.send(request_for(url, page));
    if (!response) {
      return core::fail(std::move(response).error());
    }
    auto links = read_page(response->body, config, columns_, page, where, next_row, batch.rows);
    if (!links) {
      return core::fail(std::move(links).error());
    }
    log().debug("page {}: {} record(s)", page, links->records);
    return next_page(config, url, response->effective_url, *links, page, where, offset, page_url);
  };
  http::PagerLimits limits;
  limits.source = name();
  limits.what = "the source";
  limits.max_pages = config.max_pages;
  limits.refuse_repeats = config.pagination != Pagination::Offset;
  const std::string first = config.pagination == Pagination::Offset ? page_url(0) : config.url;
  if (auto pages = http::read_pages(first, limits, read); !pages) {
    return core::fail(std::move(pages).error());
  }
  log().info("read {} record(s) from '{}'", batch.rows.size(), batch.file);
  core::PullResult result;
  result.batches.push_back(std::move(batch));
  return result;
}

std::vector<std::string> mapping_columns(const config::SourceSpec& spec) {
  std::vector<std::string> columns;
  for (const auto& field : spec.mapping) {
    if (field.constant ||
        std::find(columns.begin(), columns.end(), field.column) != columns.end()) {
      continue;
    }
    columns.push_back(field.column);
  }
  return columns;
}

namespace {

// Makes http_json sources (style.md "Plugins"): stateless; the keys and their checks live in
// http_json_config.cpp, so this only connects them to the registry.
struct HttpJsonTraits {
  using Config = HttpJsonConfig;
  static constexpr std::string_view kType = "http_json";
  static constexpr std::string_view kSummary =
      "reads records from a JSON API over HTTPS, following its pages";
  static const config::KeyTable& keys() { return http_json_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_http_json_config(reader);
  }
  static core::Expected<core::SourcePtr> make(const config::SourceSpec& spec,
                                              std::shared_ptr<const HttpJsonConfig> typed) {
    const core::Provenance where{spec.name, "", 0, ""};
    auto columns = mapping_columns(spec);
    for (const auto& column : columns) {
      if (!http::valid_pointer(column)) {
        return core::fail(core::ErrorCode::Config,
                          "mapping column '" + column + "' is not a JSON Pointer", where);
      }
    }
    return core::SourcePtr(
        std::make_unique<HttpJsonSource>(spec.name, std::move(typed), std::move(columns)));
  }
};

using HttpJsonFactory = config::BasicSourceFactory<HttpJsonTraits>;

}  // namespace

ATPIPE_REGISTER_SOURCE("http_json", HttpJsonFactory)

}  // namespace atpipe::connectors::http_json
