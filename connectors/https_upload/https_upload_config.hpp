#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "connectors/common/http/http_client.hpp"

namespace atpipe::connectors::https_upload {

enum class Method { Put, Post };

// The settings of `submission.sink` with `type: https_upload`, checked once and shared
// read-only. URLs are templates: {file_name}, {local_id}, {period}, {commissioner}.
struct HttpsUploadConfig : config::ConnectorConfig {
  std::string url;
  Method method = Method::Put;
  std::string form_field = "file";  // the multipart field of a POST
  // Asked by find(): 2xx = the upload with this local id arrived, 404 = it did not. Without
  // it, find() sends HEAD to `url` (which then must name the upload by {local_id}).
  std::optional<std::string> status_url;
  http::HttpSettings http;  // auth (bearer or basic), client certificate, CA, timeouts
};

using HttpsUploadConfigPtr = std::shared_ptr<const HttpsUploadConfig>;

[[nodiscard]] const config::KeyTable& https_upload_keys();
[[nodiscard]] std::shared_ptr<const HttpsUploadConfig> parse_https_upload_config(
    const config::NodeReader& reader);

// `pattern` with {file_name}, {local_id}, {period} and {commissioner} filled in, each
// percent-encoded for a URL.
[[nodiscard]] std::string expand_url(const std::string& pattern, const std::string& file_name,
                                     const std::string& local_id, const std::string& period,
                                     const std::string& commissioner);

}  // namespace atpipe::connectors::https_upload
