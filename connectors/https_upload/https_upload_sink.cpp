#include "connectors/https_upload/https_upload_sink.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "config/basic_factory.hpp"
#include "config/sink_registry.hpp"
#include "connectors/common/http/http_errors.hpp"
#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::https_upload {
namespace {

constexpr const char* kBoundary = "atpipe-upload-7c1f0e5b9d2a4c86";

std::string multipart_body(const std::string& field, const core::Artefact& artefact) {
  std::string body = std::string("--") + kBoundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" +
          artefact.file_name + "\"\r\n";
  body += "Content-Type: text/csv\r\n\r\n";
  body += artefact.content;
  body += std::string("\r\n--") + kBoundary + "--\r\n";
  return body;
}

std::string url_for(const std::string& pattern, const core::Artefact& a) {
  return expand_url(pattern, a.file_name, a.local_id, a.period, a.commissioner);
}

}  // namespace

HttpsUploadSink::HttpsUploadSink(std::string name, HttpsUploadConfigPtr config)
    : name_(std::move(name)), config_(std::move(config)) {
  const std::string logger_name = "sink:https_upload:" + name_;
  log_ = spdlog::get(logger_name);
  if (!log_) {
    log_ = spdlog::stderr_color_mt(logger_name);
  }
}

http::HttpRequest HttpsUploadSink::upload_request(const core::Artefact& artefact) const {
  http::HttpRequest request;
  request.url = url_for(config_->url, artefact);
  request.any_status = true;
  request.headers = {{"X-Atpipe-Local-Id", artefact.local_id},
                     {"X-Atpipe-Sha256", artefact.sha256},
                     {"Accept", "application/json, text/plain, */*"}};
  if (config_->method == Method::Put) {
    request.method = "PUT";
    request.headers.emplace_back("Content-Type", "text/csv");
    request.body = artefact.content;
  } else {
    request.method = "POST";
    request.headers.emplace_back("Content-Type",
                                 std::string("multipart/form-data; boundary=") + kBoundary);
    request.body = multipart_body(config_->form_field, artefact);
  }
  return request;
}

core::Error HttpsUploadSink::refused(const http::HttpRequest& request,
                                     const http::HttpResponse& response) const {
  auto error = http::status_error_for(name_, request, response.status, "");
  // Busy or failing servers (408, 429, 5xx) may take it later, and may even have stored it.
  // Any other 4xx refused this file or these credentials: sending it again will not help.
  const long s = response.status;
  if (s == 408 || s == 429 || s >= 500) {
    return core::Error(core::ErrorCode::Network, error.message(), error.where());
  }
  return core::Error(
      error.code() == core::ErrorCode::Auth ? core::ErrorCode::Auth : core::ErrorCode::Validation,
      error.message(), error.where());
}

core::Expected<core::Receipt> HttpsUploadSink::send(const core::Artefact& artefact) {
  // The first send is never retried blindly: the ledger asks find() before any second one.
  http::HttpSettings once = config_->http;
  once.retries = 0;
  http::HttpClient client(name_, once);
  client.set_logger(log_.get());
  const auto request = upload_request(artefact);
  auto response = client.send(request);
  if (!response) {
    return core::fail(std::move(response).error());
  }
  if (response->status < 200 || response->status >= 300) {
    return core::fail(refused(request, *response));
  }
  const std::string shown = http::redact_url(request.url);
  log_->info("uploaded {} ({} bytes) to {}: HTTP {}", artefact.file_name, artefact.content.size(),
             shown, response->status);
  return core::Receipt{shown, "HTTP " + std::to_string(response->status) + " from " + shown};
}

core::Expected<std::optional<core::Receipt>> HttpsUploadSink::find(const core::Artefact& artefact) {
  http::HttpClient client(name_, config_->http);
  client.set_logger(log_.get());
  http::HttpRequest request;
  request.method = config_->status_url ? "GET" : "HEAD";
  request.url = url_for(config_->status_url.value_or(config_->url), artefact);
  request.any_status = true;
  request.headers = {{"X-Atpipe-Local-Id", artefact.local_id}};
  auto response = client.send(request);
  if (!response) {
    return core::fail(std::move(response).error());
  }
  if (response->status == 404) {
    return std::optional<core::Receipt>();
  }
  if (response->status < 200 || response->status >= 300) {
    // Neither yes nor no: the row stays sending until the receiver can say.
    auto error = http::status_error_for(name_, request, response->status, "");
    return core::fail(core::Error(
        error.code() == core::ErrorCode::Auth ? core::ErrorCode::Auth : core::ErrorCode::Network,
        error.message(), error.where()));
  }
  const std::string shown = http::redact_url(url_for(config_->url, artefact));
  return std::optional<core::Receipt>(
      core::Receipt{shown, "found by " + http::redact_url(request.url) + " (HTTP " +
                               std::to_string(response->status) + ")"});
}

core::Expected<core::DeliveryStatus> HttpsUploadSink::track(const core::Receipt& receipt) {
  // A 2xx answer to the upload is the receiver's confirmation; there is no later one.
  return core::DeliveryStatus{core::Delivery::Delivered, receipt.detail};
}

namespace {

// The https_upload sink's factory: keys and checks in https_upload_config.cpp.
struct HttpsUploadTraits {
  using Config = HttpsUploadConfig;
  static constexpr std::string_view kType = "https_upload";
  static constexpr std::string_view kSummary =
      "uploads the file to an HTTPS endpoint (PUT or multipart POST; bearer token or client "
      "certificate)";
  static const config::KeyTable& keys() { return https_upload_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_https_upload_config(reader);
  }
  static core::Expected<core::SinkPtr> make(const config::SinkSpec& spec,
                                            HttpsUploadConfigPtr typed) {
    return core::SinkPtr(std::make_unique<HttpsUploadSink>(spec.name, std::move(typed)));
  }
};

using HttpsUploadFactory = config::BasicSinkFactory<HttpsUploadTraits>;

}  // namespace

ATPIPE_REGISTER_SINK("https_upload", HttpsUploadFactory)

}  // namespace atpipe::connectors::https_upload
