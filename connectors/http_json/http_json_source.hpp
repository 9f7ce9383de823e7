#pragma once

#include <string>
#include <vector>

#include "connectors/common/http/http_client.hpp"
#include "connectors/common/source_base.hpp"
#include "connectors/http_json/http_json_config.hpp"

namespace atpipe::connectors::http_json {

// A `type: http_json` source: reads every page of a JSON API and returns all their records as
// one RawBatch, or an error if any page fails (never some of the pages). The columns are the
// JSON Pointers the source's mapping uses. Made by the http_json factory, owned by the
// pipeline and pulled from the run's thread; it only reads its shared, immutable config.
class HttpJsonSource final : public SourceBase {
 public:
  // `sleep` waits between retries; tests pass one that does not block.
  HttpJsonSource(std::string name, HttpJsonConfigPtr config, std::vector<std::string> columns,
                 http::Sleeper sleep = {});

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  [[nodiscard]] http::HttpRequest request_for(const std::string& url, std::size_t page) const;

  HttpJsonConfigPtr config_;
  std::vector<std::string> columns_;
  http::Sleeper sleep_;
};

// The distinct columns (JSON Pointers) of a source's mapping, in mapping order; constants
// have none.
[[nodiscard]] std::vector<std::string> mapping_columns(const config::SourceSpec& spec);

}  // namespace atpipe::connectors::http_json
