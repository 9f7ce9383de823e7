#include "connectors/common/http/http_errors.hpp"

#include <curl/curl.h>

#include "connectors/common/http/http_url.hpp"

namespace atpipe::connectors::http {
namespace {

core::Provenance where(const std::string& source, const HttpRequest& request) {
  return core::Provenance{source, redact_url(request.url), 0, ""};
}

// "page 2: GET" — which request of the pull failed.
std::string what(const HttpRequest& request) {
  return "page " + std::to_string(request.page) + ": " + request.method;
}

bool is_tls_verification(int code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return true;
    default:
      return false;
  }
}

bool is_tls_other(int code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

}  // namespace

core::Error transport_error(const std::string& source, const HttpRequest& request,
                            const HttpSettings& settings, int curl_code,
                            const std::string& curl_message) {
  using core::ErrorCode;
  const std::string head = what(request) + " failed: ";
  // With TLS 1.3 a server that wants a client certificate says so after the handshake, so
  // libcurl reports a TLS alert as a failed read or write.
  if ((curl_code == CURLE_RECV_ERROR || curl_code == CURLE_SEND_ERROR) &&
      curl_message.find(" alert ") != std::string::npos) {
    curl_code = CURLE_SSL_CONNECT_ERROR;
  }
  // libcurl's own text can quote the URL; it is left out where the URL might carry secrets.
  switch (curl_code) {
    case CURLE_COULDNT_CONNECT:
      return {ErrorCode::Network,
              head +
                  "connection refused or host unreachable; check that the server is running "
                  "and that the URL's host and port are right",
              where(source, request)};
    case CURLE_COULDNT_RESOLVE_HOST:
      return {ErrorCode::Network,
              head + "the host name could not be resolved; check the URL and this machine's DNS",
              where(source, request)};
    case CURLE_OPERATION_TIMEDOUT:
      return {ErrorCode::Network,
              head + "timed out (limit " + std::to_string(settings.timeout.count()) +
                  " s); check that the server is up, or raise 'timeout_seconds'",
              where(source, request)};
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return {ErrorCode::Network,
              head + "the response was cut short (" + curl_message +
                  "); nothing from this source was used; check the server or a proxy between",
              where(source, request)};
    case CURLE_FILESIZE_EXCEEDED:
      return {ErrorCode::Io, head + curl_message + "; ask for smaller pages",
              where(source, request)};
    case CURLE_TOO_MANY_REDIRECTS:
      return {ErrorCode::Network, head + "too many redirects (more than 5); check the URL",
              where(source, request)};
    default:
      break;
  }
  if (is_tls_verification(curl_code)) {
    const std::string check =
        settings.ca_bundle
            ? "check that 'ca_bundle' (" + settings.ca_bundle->string() +
                  ") holds the CA that signed the server's certificate and that the URL's host "
                  "name matches it"
            : "if the server uses a private CA, set 'ca_bundle' to that CA's certificate";
    return {ErrorCode::Network,
            head + "TLS verification failed: the server's certificate is not trusted (" +
                curl_message + "); " + check,
            where(source, request)};
  }
  if (is_tls_other(curl_code)) {
    return {ErrorCode::Network,
            head + "TLS handshake failed (" + curl_message +
                "); check 'client_cert' and 'client_key' if the server asks for a client "
                "certificate, and that the server speaks HTTPS on this port",
            where(source, request)};
  }
  return {ErrorCode::Network, head + curl_message, where(source, request)};
}

core::Error status_error_for(const std::string& source, const HttpRequest& request, long status,
                             const std::string& detail) {
  using core::ErrorCode;
  const std::string head = what(request) + " failed: ";
  const std::string extra = detail.empty() ? "" : " (" + detail + ")";
  if (status == 401 || status == 403) {
    return {ErrorCode::Auth,
            head + "authentication refused (HTTP " + std::to_string(status) + ")" + extra +
                "; check the credentials under 'auth' and that they are still valid",
            where(source, request)};
  }
  if (status == 404) {
    return {ErrorCode::NotFound, head + "HTTP 404 not found" + extra + "; check the URL",
            where(source, request)};
  }
  if (status == 429) {
    return {
        ErrorCode::Network,
        head + "HTTP 429 too many requests" + extra + "; the server is rate-limiting this client",
        where(source, request)};
  }
  if (status >= 500) {
    return {ErrorCode::Network,
            head + "HTTP " + std::to_string(status) + " server error" + extra +
                "; the server failed, try again later or ask its operators",
            where(source, request)};
  }
  return {
      ErrorCode::Network,
      head + "HTTP " + std::to_string(status) + extra + "; check the URL, method, headers and body",
      where(source, request)};
}

}  // namespace atpipe::connectors::http
