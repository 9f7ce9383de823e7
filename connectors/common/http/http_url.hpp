#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atpipe::connectors::http {

// What a URL may be shown as in logs, errors and provenance: scheme, host, port and path,
// without user:password@ or the query string (which may hold an API key) or fragment.
[[nodiscard]] std::string redact_url(std::string_view url);

// True when `url` is an absolute http:// or https:// URL libcurl can parse; otherwise sets
// `problem` ("scheme 'ftp' is not http or https", "it has a user name or password in it").
[[nodiscard]] bool check_url(std::string_view url, std::string& problem);

// `url` with `name=value` added to its query string; both are percent-encoded.
[[nodiscard]] std::string with_query(std::string_view url, std::string_view name,
                                     std::string_view value);

// `reference` resolved against `base` (RFC 3986 section 5), as browsers follow a link; nullopt
// when the result is not a valid URL.
[[nodiscard]] std::optional<std::string> resolve_url(std::string_view base,
                                                     std::string_view reference);

}  // namespace atpipe::connectors::http
