#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "connectors/common/http/http_client.hpp"

namespace atpipe::connectors::fhir {

enum class Resource { Encounter, Patient };

// The NHS number's identifier system in NHS England's FHIR profiles.
inline constexpr const char* kNhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

// The settings of one `type: fhir` source, checked once by parse_fhir_config() and then shared
// read-only (style.md rule 3) by the factory and every FhirSource made from it. Holds resolved
// secrets (auth), so it is never printed.
struct FhirConfig : config::ConnectorConfig {
  std::string base_url;  // without a trailing '/'
  Resource resource = Resource::Encounter;
  // Extra search parameters; "{cut}" in a value becomes the run's cut as YYYY-MM-DD.
  std::vector<std::pair<std::string, std::string>> params;
  std::string nhs_number_system = kNhsNumberSystem;
  std::size_t max_pages = 10000;
  http::HttpSettings http;
};

using FhirConfigPtr = std::shared_ptr<const FhirConfig>;

// The key table of `type: fhir` (style.md rule 4), the shared HTTP keys included.
[[nodiscard]] const config::KeyTable& fhir_keys();

// Builds the config from a reader over the source's mapping; also checks that the source's
// `mapping:` only names columns this resource gives. Adds the cross-key errors to the reader's
// diagnostics and returns nullptr when the config is unusable.
[[nodiscard]] std::shared_ptr<const FhirConfig> parse_fhir_config(const config::NodeReader& reader);

}  // namespace atpipe::connectors::fhir
