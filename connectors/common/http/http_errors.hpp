#pragma once

#include <string>

#include "connectors/common/http/http_client.hpp"
#include "core/error.hpp"

namespace atpipe::connectors::http {

// The error for a request that got no HTTP response (libcurl `curl_code`): what happened in
// words an operator can act on (connection refused, timeout, TLS verification failed) and
// what to check. Names the source and the URL without its query or credentials.
[[nodiscard]] core::Error transport_error(const std::string& source, const HttpRequest& request,
                                          const HttpSettings& settings, int curl_code,
                                          const std::string& curl_message);

// The error for a response with a status that is not 2xx. 401 and 403 are Auth errors;
// `detail` is a value-free summary of the body ("" for none).
[[nodiscard]] core::Error status_error_for(const std::string& source, const HttpRequest& request,
                                           long status, const std::string& detail);

}  // namespace atpipe::connectors::http
