#include "connectors/fhir/fhir_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

#include "config/basic_factory.hpp"
#include "config/source_factory.hpp"
#include "config/source_registry.hpp"
#include "connectors/common/http/http_url.hpp"
#include "connectors/common/http/pager.hpp"
#include "connectors/fhir/fhir_bundle.hpp"
#include "connectors/fhir/fhir_rows.hpp"

namespace atpipe::connectors::fhir {
namespace {

std::string replace_cut(std::string value, const std::string& cut) {
  constexpr std::string_view kCut = "{cut}";
  for (auto at = value.find(kCut); at != std::string::npos; at = value.find(kCut, at)) {
    value.replace(at, kCut.size(), cut);
    at += cut.size();
  }
  return value;
}

}  // namespace

std::string search_url(const FhirConfig& config, const core::Date& cut) {
  const std::string cut_text = cut.ok() ? core::to_iso(cut) : "";
  std::vector<std::pair<std::string, std::string>> params;
  if (config.resource == Resource::Encounter) {
    params = {{"class", "IMP"}, {"_include", "Encounter:subject"}};
    if (cut.ok()) {
      // Stays that had started by the cut; discharges before the period are the mapping's
      // and the period rules' business, not the search's.
      params.emplace_back("date", "le" + cut_text);
    }
  }
  for (const auto& [name, value] : config.params) {
    auto same = std::find_if(params.begin(), params.end(),
                             [&name = name](const auto& param) { return param.first == name; });
    if (same != params.end()) {
      same->second = replace_cut(value, cut_text);
    } else {
      params.emplace_back(name, replace_cut(value, cut_text));
    }
  }
  std::string url = config.base_url + "/" + std::string(resource_name(config.resource));
  for (const auto& [name, value] : params) {
    url = http::with_query(url, name, value);
  }
  return url;
}

FhirSource::FhirSource(std::string name, FhirConfigPtr config, http::Sleeper sleep)
    : SourceBase(std::move(name), "fhir"), config_(std::move(config)), sleep_(std::move(sleep)) {}

core::Expected<core::PullResult> FhirSource::do_pull(const core::PullContext& ctx) {
  const FhirConfig& config = *config_;
  http::HttpClient client(name(), config.http, sleep_);
  client.set_logger(&log());
  client.set_body_explainer(explain_outcome);

  const std::string url = search_url(config, ctx.cut);
  const std::string first = http::redact_url(url);
  std::vector<EncounterFields> encounters;
  std::vector<PatientFields> patients;
  std::size_t outcomes = 0;
  const auto read = [&](const std::string& page_url,
                        std::size_t page) -> core::Expected<std::optional<std::string>> {
    const core::Provenance where{name(), http::redact_url(page_url), 0, ""};
    http::HttpRequest request;
    request.url = page_url;
    request.page = page;
    request.headers = {{"Accept", "application/fhir+json"}};
    auto response = client.send(request);
    if (!response) {
      return core::fail(std::move(response).error());
    }
    auto bundle = read_bundle(response->body, config.nhs_number_system, page, where);
    if (!bundle) {
      return core::fail(std::move(bundle).error());
    }
    log().debug("page {}: {} Encounter(s), {} Patient(s), {} other", page,
                bundle->encounters.size(), bundle->patients.size(), bundle->other);
    outcomes += bundle->outcomes;
    std::move(bundle->encounters.begin(), bundle->encounters.end(), std::back_inserter(encounters));
    std::move(bundle->patients.begin(), bundle->patients.end(), std::back_inserter(patients));
    if (!bundle->next) {
      return std::optional<std::string>();
    }
    const auto base = response->effective_url.empty() ? page_url : response->effective_url;
    auto next = http::resolve_url(base, *bundle->next);
    if (!next) {
      return core::fail(core::ErrorCode::Parse,
                        "page " + std::to_string(page) + ": the Bundle's next link is not a URL",
                        where);
    }
    return next;
  };
  http::PagerLimits limits;
  limits.source = name();
  limits.what = "the search";
  limits.max_pages = config.max_pages;
  if (auto pages = http::read_pages(url, limits, read); !pages) {
    return core::fail(std::move(pages).error());
  }
  if (outcomes > 0) {
    log().warn("the server added {} OperationOutcome warning(s) to the search results", outcomes);
  }

  core::RawBatch batch;
  batch.file = first;
  batch.header = columns_for(config.resource);
  batch.rows = config.resource == Resource::Encounter ? encounter_rows(encounters, patients)
                                                      : patient_rows(patients);
  log().info("read {} {}(s) from '{}'", batch.rows.size(), resource_name(config.resource),
             batch.file);
  core::PullResult result;
  result.batches.push_back(std::move(batch));
  return result;
}

namespace {

// Makes fhir sources (style.md "Plugins"): stateless; the keys and their checks live in
// fhir_config.cpp, so this only connects them to the registry.
struct FhirTraits {
  using Config = FhirConfig;
  static constexpr std::string_view kType = "fhir";
  static constexpr std::string_view kSummary =
      "searches a FHIR R4 server for inpatient Encounters and their Patients";
  static const config::KeyTable& keys() { return fhir_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_fhir_config(reader);
  }
  static core::Expected<core::SourcePtr> make(const config::SourceSpec& spec,
                                              std::shared_ptr<const FhirConfig> typed) {
    return core::SourcePtr(std::make_unique<FhirSource>(spec.name, std::move(typed)));
  }
};

using FhirFactory = config::BasicSourceFactory<FhirTraits>;

}  // namespace

ATPIPE_REGISTER_SOURCE("fhir", FhirFactory)

}  // namespace atpipe::connectors::fhir
