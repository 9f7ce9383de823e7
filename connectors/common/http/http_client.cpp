#include "connectors/common/http/http_client.hpp"

#include <curl/curl.h>
#include <spdlog/logger.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <mutex>
#include <thread>

#include "connectors/common/http/http_errors.hpp"
#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::http {
namespace {

// A page bigger than this is refused rather than filling memory; the largest AT sources are a
// few hundred thousand rows, far below it.
constexpr std::size_t kMaxBodyBytes = std::size_t{512} * 1024 * 1024;

// What libcurl's callbacks collect during one attempt; lives on the attempt's stack, so it
// needs no locking.
struct Received {
  std::string body;
  std::optional<std::string> retry_after;
  bool too_big = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (received->body.size() + bytes > kMaxBodyBytes) {
    received->too_big = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  received->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == kName) {
      auto value = line.substr(kName.size());
      const auto first = value.find_first_not_of(" \t");
      const auto last = value.find_last_not_of(" \t\r\n");
      received->retry_after =
          first == std::string_view::npos ? "" : std::string(value.substr(first, last - first + 1));
    }
  }
  return size * count;
}

// RFC 9110 section 10.2.3: a number of seconds or an HTTP date.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (text.size() > 9) {
      return std::chrono::hours(24);
    }
    return std::chrono::seconds(std::stol(text));
  }
  const std::time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) {
    return std::nullopt;
  }
  const auto wait = std::chrono::system_clock::from_time_t(when) - std::chrono::system_clock::now();
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(wait));
}

void global_init() {
  // curl_global_init is not thread-safe and must run before any handle exists.
  static std::once_flag once;
  std::call_once(once, []() { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Owns a curl_slist of request headers for one attempt, which may hold a bearer token; freed
// when the attempt ends.
struct HeaderList {
  curl_slist* list = nullptr;
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

// Resets a handle's options (keeping its connections) when an attempt ends.
struct ResetOnExit {
  CURL* curl;
  explicit ResetOnExit(CURL* handle) : curl(handle) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() { curl_easy_reset(curl); }
};

void real_sleep(std::chrono::milliseconds wait) {
  std::this_thread::sleep_for(wait);
}

}  // namespace

HttpClient::HttpClient(std::string source, HttpSettings settings, Sleeper sleep)
    : source_(std::move(source)), settings_(std::move(settings)), sleep_(std::move(sleep)) {
  if (!sleep_) {
    sleep_ = real_sleep;
  }
  global_init();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
  }
}

HttpClient::Attempt HttpClient::attempt(const HttpRequest& request) {
  Attempt out;
  auto* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) {
    out.curl_code = CURLE_FAILED_INIT;
    out.curl_message = "libcurl could not be initialised";
    return out;
  }
  curl_easy_reset(curl);
  Received received;
  char error_buffer[CURL_ERROR_SIZE] = {};
  HeaderList headers;
  for (const auto& [name, value] : request.headers) {
    headers.add(name + ": " + value);
  }
  if (settings_.auth.kind == HttpAuth::Kind::Bearer) {
    headers.add("Authorization: Bearer " + settings_.auth.token);
  }
  // Declared after the buffers the handle points into, so it runs first on the way out: the
  // handle then forgets them and the credentials before they go.
  const ResetOnExit reset{curl};

  const auto ms = [](auto duration) {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(duration).count());
  };
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, ms(settings_.timeout));
  curl_easy_setopt(
      curl, CURLOPT_CONNECTTIMEOUT_MS,
      ms(std::min<std::chrono::milliseconds>(settings_.connect_timeout, settings_.timeout)));
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "atpipe");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (settings_.ca_bundle) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_bundle->c_str());
  }
  if (settings_.client_cert) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, settings_.client_cert->c_str());
  }
  if (settings_.client_key) {
    curl_easy_setopt(curl, CURLOPT_SSLKEY, settings_.client_key->c_str());
  }
  if (settings_.auth.kind == HttpAuth::Kind::Basic) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.auth.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.auth.password.c_str());
  }
  if (request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    // The handle is reused: a PUT must not leave its verb on the next request.
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method == "PUT" ? "PUT" : nullptr);
    curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);

  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    out.curl_code = code;
    out.curl_message = received.too_big          ? "the response is larger than 512 MiB"
                       : error_buffer[0] != '\0' ? std::string(error_buffer)
                                                 : std::string(curl_easy_strerror(code));
    if (received.too_big) {
      out.curl_code = CURLE_FILESIZE_EXCEEDED;
    }
    return out;
  }
  HttpResponse response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  const char* type = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) {
    response.content_type = type;
  }
  const char* effective = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK &&
      effective != nullptr) {
    response.effective_url = effective;
  }
  response.body = std::move(received.body);
  if (received.retry_after) {
    out.retry_after = parse_retry_after(*received.retry_after);
  }
  out.response = std::move(response);
  return out;
}

std::chrono::milliseconds HttpClient::backoff(int attempt_number, const Attempt& attempt) const {
  if (attempt.retry_after) {
    return std::min(*attempt.retry_after, settings_.retry_after_max);
  }
  auto wait = settings_.backoff_first;
  for (int i = 1; i < attempt_number && wait < settings_.backoff_max; ++i) {
    wait *= 2;
  }
  return std::min(wait, settings_.backoff_max);
}

core::Expected<HttpResponse> HttpClient::send(const HttpRequest& request) {
  const int attempts = 1 + std::max(0, settings_.retries);
  for (int number = 1;; ++number) {
    Attempt result = attempt(request);
    bool retryable = false;
    std::optional<core::Error> error;
    if (result.response) {
      const long status = result.response->status;
      if ((status >= 200 && status < 300) || request.any_status) {
        return std::move(*result.response);
      }
      retryable = status == 429 || status >= 500;
      error = status_error(request, *result.response);
    } else {
      retryable = result.curl_code == CURLE_OPERATION_TIMEDOUT;
      error = transport_error(source_, request, settings_, result.curl_code, result.curl_message);
    }
    if (!retryable) {
      return core::fail(std::move(*error));
    }
    if (number >= attempts) {
      auto message = error->message() + " (gave up after " + std::to_string(attempts) +
                     (attempts == 1 ? " attempt" : " attempts") + "; 'retries' is " +
                     std::to_string(settings_.retries) + ")";
      return core::fail(core::Error(error->code(), std::move(message), error->where()));
    }
    const auto wait = backoff(number, result);
    if (log_ != nullptr) {
      log_->warn("{}; retrying in {} ms (attempt {} of {})", error->message(), wait.count(),
                 number + 1, attempts);
    }
    sleep_(wait);
  }
}

core::Error HttpClient::status_error(const HttpRequest& request,
                                     const HttpResponse& response) const {
  std::string detail = explain_ ? explain_(response.body) : std::string();
  return status_error_for(source_, request, response.status, detail);
}

}  // namespace atpipe::connectors::http
