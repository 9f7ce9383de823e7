#pragma once

#include <string>

#include "config/key_table.hpp"
#include "connectors/common/http/http_client.hpp"

namespace atpipe::connectors::http {

// The keys every HTTP-based source shares: auth, client_cert, client_key, ca_bundle,
// timeout_seconds and retries. A connector appends them to its own key table.
[[nodiscard]] const config::KeyTable& http_keys();

// Reads integer `key` of `reader` into `out` when it lies in [low, high]; otherwise an error at
// the key ("'x' in ... must be LOW to HIGH, got N") and false. Shared by the connectors' readers.
[[nodiscard]] bool read_range(const config::NodeReader& reader, const std::string& key, long low,
                              long high, long& out);

// Reads the shared keys into `out` and runs their cross-checks (one of bearer/basic;
// client_cert with client_key; ranges). Reports into the reader's diagnostics; false when
// something is unusable.
[[nodiscard]] bool read_http_settings(const config::NodeReader& reader, HttpSettings& out);

// Checks that the value of `key` is an absolute http(s) URL without credentials in it;
// reports at the key's value. False when it is missing or wrong.
[[nodiscard]] bool read_url(const config::NodeReader& reader, const std::string& key,
                            std::string& out);

// "'key' in source 'x'", the subject used in every message about a key.

// Which names a read_string_map() entry may have.
enum class NameRule {
  HeaderName,  // no ':', spaces or line breaks
  QueryName,   // no '&', '=', '#', spaces or line breaks (FHIR modifiers such as name:exact pass)
};

// Reads a mapping of plain string keys to string values (`headers:`, `params:`), with ${ENV}
// resolved in the values; reports non-scalar entries, bad names, repeated names and line
// breaks in values (never quoting a value). False when something was wrong.
[[nodiscard]] bool read_string_map(const config::NodeReader& reader, const std::string& key,
                                   NameRule rule,
                                   std::vector<std::pair<std::string, std::string>>& out);

}  // namespace atpipe::connectors::http
