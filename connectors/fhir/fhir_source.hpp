#pragma once

#include <string>

#include "connectors/common/http/http_client.hpp"
#include "connectors/common/source_base.hpp"
#include "connectors/fhir/fhir_config.hpp"
#include "core/date_value.hpp"

namespace atpipe::connectors::fhir {

// A `type: fhir` source: searches a FHIR R4 server for inpatient Encounters (with their
// Patients included) or for Patients, follows the Bundle's next links to the end, and returns
// one RawBatch with fixed columns, or an error if any page fails. Made by the fhir factory,
// owned by the pipeline and pulled from the run's thread; it only reads its immutable config.
class FhirSource final : public SourceBase {
 public:
  // `sleep` waits between retries; tests pass one that does not block.
  FhirSource(std::string name, FhirConfigPtr config, http::Sleeper sleep = {});

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  FhirConfigPtr config_;
  http::Sleeper sleep_;
};

// The first search URL: base_url/Encounter?class=IMP&_include=Encounter:subject&date=le{cut}
// (or base_url/Patient), with the config's params added or replacing those defaults, and
// "{cut}" in their values replaced by `cut` (YYYY-MM-DD; an invalid cut leaves date= out).
[[nodiscard]] std::string search_url(const FhirConfig& config, const core::Date& cut);

}  // namespace atpipe::connectors::fhir
