#include "connectors/fhir/fhir_config.hpp"

#include <algorithm>
#include <utility>

#include "connectors/common/http/http_config.hpp"
#include "connectors/fhir/fhir_rows.hpp"

namespace atpipe::connectors::fhir {
namespace {

using config::key_in;

constexpr long kMaxPages = 1000000;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// The columns are fixed by the connector, so a mapping that names another is a config error,
// found by check-config rather than at the first pull.
bool check_mapping_columns(const config::NodeReader& reader, Resource resource) {
  const YAML::Node mapping = reader.node("mapping");
  if (!mapping.IsMap()) {
    return true;
  }
  const auto& columns = columns_for(resource);
  bool ok = true;
  for (auto it = mapping.begin(); it != mapping.end(); ++it) {
    // Copies, never assignments: assigning a yaml-cpp node rewrites the node it refers to.
    const YAML::Node value = it->second;
    const YAML::Node column = value.IsMap() ? value["column"] : value;
    if (!it->first.IsScalar() || !column.IsDefined() || !column.IsScalar()) {
      continue;  // constants and shape errors are the loader's
    }
    const std::string& text = column.Scalar();
    if (text.find("${") != std::string::npos ||
        std::find(columns.begin(), columns.end(), text) != columns.end()) {
      continue;
    }
    reader.diagnostics().error(config::mark_of(column, reader.config_file()),
                               "field '" + it->first.Scalar() + "' of " + reader.context() +
                                   " maps column '" + text + "', which a fhir " +
                                   std::string(resource_name(resource)) +
                                   " source does not give (columns: " + joined(columns) + ")");
    ok = false;
  }
  return ok;
}

}  // namespace

const config::KeyTable& fhir_keys() {
  using config::KeyType;
  static const config::KeyTable table = []() {
    // clang-format off
    config::KeyTable keys = {
        {"base_url", KeyType::String, true, "", {},
         "the FHIR R4 server's base URL, such as https://fhir.trust.example/R4"},
        {"resource", KeyType::Enum, false, "Encounter", {"Encounter", "Patient"},
         "Encounter: one row per inpatient stay with its patient; Patient: one row per patient"},
        {"params", KeyType::Map, false, "", {},
         "extra search parameters, name: value; {cut} in a value is the run's cut date"},
        {"nhs_number_system", KeyType::String, false, kNhsNumberSystem, {},
         "identifier system whose value is the NHS number"},
        {"max_pages", KeyType::Int, false, "10000", {},
         "safety limit: a search with more pages fails instead of looping for ever"},
    };
    // clang-format on
    const auto& shared = http::http_keys();
    keys.insert(keys.end(), shared.begin(), shared.end());
    return keys;
  }();
  return table;
}

std::shared_ptr<const FhirConfig> parse_fhir_config(const config::NodeReader& reader) {
  auto out = std::make_shared<FhirConfig>();
  auto& diag = reader.diagnostics();
  bool ok = http::read_url(reader, "base_url", out->base_url);
  if (ok && out->base_url.find_first_of("?#") != std::string::npos) {
    diag.error(reader.mark_of("base_url"), key_in(reader, "base_url") +
                                               " cannot have a query; put search parameters under "
                                               "'params'");
    ok = false;
  }
  while (!out->base_url.empty() && out->base_url.back() == '/') {
    out->base_url.pop_back();
  }
  // The reader has checked the value against the table's choices.
  const auto resource = reader.string("resource");
  ok = resource.has_value() && ok;
  out->resource = resource == "Patient" ? Resource::Patient : Resource::Encounter;
  ok = http::read_string_map(reader, "params", http::NameRule::QueryName, out->params) && ok;
  if (auto system = reader.string("nhs_number_system")) {
    if (system->empty()) {
      diag.error(reader.mark_of("nhs_number_system"),
                 key_in(reader, "nhs_number_system") + " cannot be empty");
      ok = false;
    }
    out->nhs_number_system = std::move(*system);
  } else {
    ok = false;
  }
  if (auto max_pages = reader.integer("max_pages")) {
    if (*max_pages < 1 || *max_pages > kMaxPages) {
      diag.error(reader.mark_of("max_pages"), key_in(reader, "max_pages") + " must be 1 to " +
                                                  std::to_string(kMaxPages) + ", got " +
                                                  std::to_string(*max_pages));
      ok = false;
    } else {
      out->max_pages = static_cast<std::size_t>(*max_pages);
    }
  } else {
    ok = false;
  }
  ok = http::read_http_settings(reader, out->http) && ok;
  ok = check_mapping_columns(reader, out->resource) && ok;
  return ok ? out : nullptr;
}

}  // namespace atpipe::connectors::fhir
