#include "connectors/mesh/mesh_http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::mesh {
namespace {

// A chunk is at most 100 MB compressed (mesh.md 1.4); its text may be larger once decoded.
constexpr std::size_t kMaxBodyBytes = std::size_t{1} << 30;

struct Received {
  std::string body;
  std::map<std::string, std::string> headers;
  bool too_big = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (received->body.size() + bytes > kMaxBodyBytes) {
    received->too_big = true;
    return 0;
  }
  received->body.append(data, bytes);
  return bytes;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return "";
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    received->headers.clear();  // a new response (after 100 Continue) starts again
    return line.size();
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name = trim(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    received->headers[name] = trim(line.substr(colon + 1));
  }
  return line.size();
}

// Frees the request's header list (it holds the Authorization token) when the exchange ends.
struct HeaderList {
  curl_slist* list = nullptr;
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

long ms(std::chrono::seconds seconds) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(seconds).count());
}

}  // namespace

std::string MeshResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

MeshHttp::MeshHttp(std::string sink, MeshConfigPtr config)
    : sink_(std::move(sink)), config_(std::move(config)) {
  static std::once_flag once;
  std::call_once(once, []() { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

MeshHttp::~MeshHttp() {
  if (curl_ != nullptr) {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
  }
}

core::Expected<MeshResponse> MeshHttp::exchange(const MeshRequest& request) {
  auto* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) {
    return core::fail(transport_error(request, CURLE_FAILED_INIT, "libcurl did not start"));
  }
  curl_easy_reset(curl);
  Received received;
  char error_buffer[CURL_ERROR_SIZE] = {};
  HeaderList headers;
  for (const auto& [name, value] : request.headers) {
    headers.add(name + ": " + value);
  }
  headers.add("Expect:");  // no 100-continue round trip before a chunk
  const MeshConfig& config = *config_;
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, ms(config.timeout));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   ms(std::min(config.connect_timeout, config.timeout)));
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "atpipe");
  curl_easy_setopt(curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_SSLCERT, config.client_cert.c_str());
  curl_easy_setopt(curl, CURLOPT_SSLKEY, config.client_key.c_str());
  if (config.ca_bundle) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, config.ca_bundle->c_str());
  }
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  }
  if (request.fresh_connection) {
    curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);

  const CURLcode code = curl_easy_perform(curl);
  MeshResponse response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  // The handle points into this frame (headers with the token, the error buffer, the body):
  // it forgets them here, keeping its connections.
  curl_easy_reset(curl);
  if (code != CURLE_OK) {
    const std::string text = received.too_big          ? "the answer is larger than 1 GiB"
                             : error_buffer[0] != '\0' ? std::string(error_buffer)
                                                       : std::string(curl_easy_strerror(code));
    return core::fail(transport_error(request, code, text));
  }
  response.headers = std::move(received.headers);
  response.body = std::move(received.body);
  return response;
}

core::Error MeshHttp::transport_error(const MeshRequest& request, int code,
                                      const std::string& text) const {
  std::string hint;
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      hint = "check 'url' and that this machine can reach the MESH server";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      hint = "the server did not answer within the time limit; try again later";
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      hint = "the server's certificate is not trusted; check 'ca_bundle'";
      break;
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CONNECT_ERROR:
      hint = "check 'client_cert' and 'client_key' (issued for this mailbox and environment)";
      break;
    default:
      hint = "the connection failed or was cut; the server may or may not have acted on it";
      break;
  }
  return {core::ErrorCode::Network, request.what + " failed: " + text + "; " + hint,
          core::Provenance{sink_, http::redact_url(request.url), 0, ""}};
}

}  // namespace atpipe::connectors::mesh
