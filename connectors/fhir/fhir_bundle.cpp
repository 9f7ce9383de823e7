#include "connectors/fhir/fhir_bundle.hpp"

#include "connectors/common/http/json_support.hpp"

namespace atpipe::connectors::fhir {
namespace {

using http::member;
using http::string_member;

// The longest server text copied into an error message.
constexpr std::size_t kMaxDiagnostics = 200;

const rapidjson::Value* first_of(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* array = member(object, name);
  if (array == nullptr || !array->IsArray() || array->Empty()) {
    return nullptr;
  }
  return &(*array)[0];
}

// The date part of a FHIR date or dateTime ("2026-10-03T10:00:00+01:00" -> "2026-10-03"); the
// date is the local one the dateTime was written in, which is the one the ward saw.
std::string date_part(const std::string& text) {
  return text.size() > 10 && text[10] == 'T' ? text.substr(0, 10) : text;
}

// coding[0].code of a CodeableConcept.
std::string first_code(const rapidjson::Value* concept_value) {
  if (concept_value == nullptr) {
    return "";
  }
  const rapidjson::Value* coding = first_of(*concept_value, "coding");
  return coding == nullptr ? "" : string_member(*coding, "code");
}

PatientFields read_patient(const rapidjson::Value& resource, const std::string& system) {
  PatientFields out;
  out.id = string_member(resource, "id");
  if (const auto* identifiers = member(resource, "identifier");
      identifiers != nullptr && identifiers->IsArray()) {
    for (const auto& identifier : identifiers->GetArray()) {
      if (string_member(identifier, "system") == system) {
        out.nhs_number = string_member(identifier, "value");
        break;
      }
    }
  }
  if (const auto* name = first_of(resource, "name")) {
    out.surname = string_member(*name, "family");
    if (const auto* given = first_of(*name, "given"); given != nullptr && given->IsString()) {
      out.forename = given->GetString();
    }
  }
  out.birth_date = string_member(resource, "birthDate");
  out.gender = string_member(resource, "gender");
  if (const auto* address = first_of(resource, "address")) {
    out.postcode = string_member(*address, "postalCode");
  }
  return out;
}

EncounterFields read_encounter(const rapidjson::Value& resource) {
  EncounterFields out;
  out.id = string_member(resource, "id");
  if (const auto* subject = member(resource, "subject")) {
    out.subject = string_member(*subject, "reference");
  }
  if (const auto* period = member(resource, "period")) {
    out.admission_date = date_part(string_member(*period, "start"));
    out.discharge_date = date_part(string_member(*period, "end"));
  }
  if (const auto* stay = member(resource, "hospitalization")) {
    out.admit_source = first_code(member(*stay, "admitSource"));
    out.discharge_disposition = first_code(member(*stay, "dischargeDisposition"));
  }
  if (const auto* provider = member(resource, "serviceProvider")) {
    if (const auto* identifier = member(*provider, "identifier")) {
      out.provider = string_member(*identifier, "value");
    }
  }
  return out;
}

std::string clipped(std::string text) {
  if (text.size() > kMaxDiagnostics) {
    text.resize(kMaxDiagnostics);
    text += "...";
  }
  return text;
}

// "error not-found: Unknown resource type" from the first issue of an OperationOutcome.
std::string outcome_summary(const rapidjson::Value& outcome) {
  const rapidjson::Value* issue = first_of(outcome, "issue");
  if (issue == nullptr) {
    return "no issue given";
  }
  std::string text = string_member(*issue, "diagnostics");
  if (text.empty()) {
    if (const auto* details = member(*issue, "details")) {
      text = string_member(*details, "text");
    }
  }
  std::string out = string_member(*issue, "severity");
  const std::string code = string_member(*issue, "code");
  if (!code.empty()) {
    out += (out.empty() ? "" : " ") + code;
  }
  if (!text.empty()) {
    out += (out.empty() ? "" : ": ") + clipped(text);
  }
  return out.empty() ? "no details given" : out;
}

std::optional<std::string> next_link(const rapidjson::Value& bundle) {
  const auto* links = member(bundle, "link");
  if (links == nullptr || !links->IsArray()) {
    return std::nullopt;
  }
  for (const auto& link : links->GetArray()) {
    if (string_member(link, "relation") == "next") {
      auto url = string_member(link, "url");
      return url.empty() ? std::nullopt : std::optional<std::string>(std::move(url));
    }
  }
  return std::nullopt;
}

}  // namespace

std::string explain_outcome(std::string_view body) {
  rapidjson::Document doc;
  std::string problem;
  if (!http::parse_json(body, doc, problem) ||
      string_member(doc, "resourceType") != "OperationOutcome") {
    return "";
  }
  return "OperationOutcome: " + outcome_summary(doc);
}

std::string patient_key(std::string_view reference) {
  const auto history = reference.find("/_history/");
  if (history != std::string_view::npos) {
    reference = reference.substr(0, history);
  }
  const auto slash = reference.rfind('/');
  if (slash == std::string_view::npos || slash + 1 == reference.size()) {
    return "";
  }
  const auto before = reference.substr(0, slash);
  const auto type_start = before.rfind('/');
  const auto type = type_start == std::string_view::npos ? before : before.substr(type_start + 1);
  return type == "Patient" ? "Patient/" + std::string(reference.substr(slash + 1)) : "";
}

core::Expected<BundlePage> read_bundle(std::string_view body, const std::string& nhs_number_system,
                                       std::size_t page, const core::Provenance& where) {
  const std::string prefix = "page " + std::to_string(page) + ": ";
  rapidjson::Document doc;
  std::string problem;
  if (!http::parse_json(body, doc, problem)) {
    return core::fail(core::ErrorCode::Parse,
                      prefix + problem + "; nothing from this source was used", where);
  }
  const std::string type = string_member(doc, "resourceType");
  if (type == "OperationOutcome") {
    return core::fail(core::ErrorCode::Parse,
                      prefix +
                          "the server answered with an OperationOutcome instead of a "
                          "Bundle (" +
                          outcome_summary(doc) + ")",
                      where);
  }
  if (type != "Bundle") {
    const std::string got = type.empty() ? http::json_kind(doc) + " without a resourceType"
                                         : "resourceType '" + type + "'";
    return core::fail(core::ErrorCode::Parse,
                      prefix + "expected a FHIR Bundle, got " + got +
                          "; check that 'base_url' is the FHIR server's base",
                      where);
  }
  BundlePage out;
  out.next = next_link(doc);
  const auto* entries = member(doc, "entry");
  if (entries == nullptr) {
    return out;  // an empty search result has no entries at all
  }
  if (!entries->IsArray()) {
    return core::fail(core::ErrorCode::Parse, prefix + "the Bundle's 'entry' is not an array",
                      where);
  }
  for (const auto& entry : entries->GetArray()) {
    const auto* resource = member(entry, "resource");
    const std::string kind = resource == nullptr ? "" : string_member(*resource, "resourceType");
    if (kind == "Encounter") {
      out.encounters.push_back(read_encounter(*resource));
    } else if (kind == "Patient") {
      out.patients.push_back(read_patient(*resource, nhs_number_system));
      out.patients.back().full_url = string_member(entry, "fullUrl");
    } else if (kind == "OperationOutcome") {
      ++out.outcomes;
    } else {
      ++out.other;
    }
  }
  return out;
}

}  // namespace atpipe::connectors::fhir
