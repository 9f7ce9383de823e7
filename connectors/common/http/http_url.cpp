#include "connectors/common/http/http_url.hpp"

#include <curl/curl.h>

#include <memory>

namespace atpipe::connectors::http {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct TextDeleter {
  void operator()(char* text) const { curl_free(text); }
};

UrlHandle parse(std::string_view url) {
  UrlHandle handle(curl_url());
  if (!handle) {
    return nullptr;
  }
  const std::string text(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return nullptr;
  }
  return handle;
}

std::optional<std::string> part(CURLU* handle, CURLUPart which) {
  char* raw = nullptr;
  if (curl_url_get(handle, which, &raw, 0) != CURLUE_OK || raw == nullptr) {
    return std::nullopt;
  }
  std::unique_ptr<char, TextDeleter> owned(raw);
  return std::string(raw);
}

// Used only when libcurl cannot parse the URL: cut at the first '?' or '#', and drop
// anything before an '@' in the authority, so that a broken URL still leaks nothing.
std::string redact_by_hand(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const auto scheme_end = url.find("://");
  const auto authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto authority_end = url.find('/', authority_start);
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority_start) {
    return std::string(url.substr(0, authority_start)) + std::string(url.substr(at + 1));
  }
  return std::string(url);
}

}  // namespace

std::string redact_url(std::string_view url) {
  auto handle = parse(url);
  if (!handle) {
    return redact_by_hand(url);
  }
  for (const CURLUPart which : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS,
                                CURLUPART_QUERY, CURLUPART_FRAGMENT}) {
    curl_url_set(handle.get(), which, nullptr, 0);
  }
  return part(handle.get(), CURLUPART_URL).value_or(redact_by_hand(url));
}

bool check_url(std::string_view url, std::string& problem) {
  auto handle = parse(url);
  if (!handle) {
    problem = "it is not a valid absolute URL";
    return false;
  }
  const auto scheme = part(handle.get(), CURLUPART_SCHEME).value_or("");
  if (scheme != "http" && scheme != "https") {
    problem = "its scheme '" + scheme + "' is not http or https";
    return false;
  }
  if (part(handle.get(), CURLUPART_USER) || part(handle.get(), CURLUPART_PASSWORD)) {
    problem = "it has a user name or password in it; give credentials under 'auth'";
    return false;
  }
  return true;
}

std::string with_query(std::string_view url, std::string_view name, std::string_view value) {
  auto handle = parse(url);
  if (!handle) {
    return std::string(url);
  }
  const std::string pair = std::string(name) + "=" + std::string(value);
  curl_url_set(handle.get(), CURLUPART_QUERY, pair.c_str(), CURLU_APPENDQUERY | CURLU_URLENCODE);
  return part(handle.get(), CURLUPART_URL).value_or(std::string(url));
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view reference) {
  auto handle = parse(base);
  if (!handle) {
    return std::nullopt;
  }
  // Setting a relative URL on a handle that holds one resolves it against the old one.
  const std::string text(reference);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  return part(handle.get(), CURLUPART_URL);
}

}  // namespace atpipe::connectors::http
