#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.hpp"

namespace spdlog {
class logger;
}

namespace atpipe::connectors::http {

// Credentials sent with every request. Held only in memory and never logged or put in an
// error message.
struct HttpAuth {
  enum class Kind { None, Bearer, Basic };
  Kind kind = Kind::None;
  std::string token;  // Bearer
  std::string username;
  std::string password;
};

// Everything about how to talk to a server, shared by every HTTP-based connector. TLS
// verification is always on: a private CA is trusted through `ca_bundle`, never by turning
// checks off.
struct HttpSettings {
  HttpAuth auth;
  std::optional<std::filesystem::path> ca_bundle;
  std::optional<std::filesystem::path> client_cert;
  std::optional<std::filesystem::path> client_key;
  std::chrono::seconds timeout{30};          // whole request, connect included
  std::chrono::seconds connect_timeout{10};  // capped at `timeout`
  int retries = 3;                           // extra attempts after the first
  std::chrono::milliseconds backoff_first{1000};
  std::chrono::milliseconds backoff_max{30000};
  std::chrono::milliseconds retry_after_max{120000};  // a server asking for longer is capped
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT or HEAD
  std::string url;
  Headers headers;
  std::string body;      // POST and PUT only
  std::size_t page = 1;  // for messages: "page 3"
  // Hand every HTTP response back as it is (no status error, no retry of 429/5xx), for a
  // caller that judges the status itself (a sink telling a refused file from a busy server).
  bool any_status = false;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string effective_url;  // after redirects
};

// Waits between attempts; tests inject one that records and returns at once.
using Sleeper = std::function<void(std::chrono::milliseconds)>;

// Turns an error response's body into a short, value-free explanation (FHIR servers send an
// OperationOutcome); returns "" when it has nothing to add.
using BodyExplainer = std::function<std::string(std::string_view body)>;

// A small libcurl client for one source instance: sends one request at a time with the
// source's credentials, TLS settings and timeouts, and retries 429, 5xx and timeouts with
// exponential backoff (or the server's Retry-After). Errors name the source and the URL
// without its query string or credentials. Owned by one source; used from one thread.
class HttpClient {
 public:
  HttpClient(std::string source, HttpSettings settings, Sleeper sleep = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void set_body_explainer(BodyExplainer explain) { explain_ = std::move(explain); }
  // Where retries are reported; the logger must outlive the client.
  void set_logger(spdlog::logger* log) { log_ = log; }

  // A 2xx response, or an error once retries are spent. Any other status fails at once.
  [[nodiscard]] core::Expected<HttpResponse> send(const HttpRequest& request);

 private:
  // One attempt's outcome before the retry policy looks at it.
  struct Attempt {
    std::optional<HttpResponse> response;
    int curl_code = 0;
    std::string curl_message;
    std::optional<std::chrono::milliseconds> retry_after;
  };

  [[nodiscard]] Attempt attempt(const HttpRequest& request);
  [[nodiscard]] core::Error status_error(const HttpRequest& request,
                                         const HttpResponse& response) const;
  [[nodiscard]] std::chrono::milliseconds backoff(int attempt_number, const Attempt& attempt) const;

  std::string source_;
  HttpSettings settings_;
  Sleeper sleep_;
  BodyExplainer explain_;
  spdlog::logger* log_ = nullptr;
  void* curl_ = nullptr;  // CURL*, kept so that connections are reused between pages
};

}  // namespace atpipe::connectors::http
