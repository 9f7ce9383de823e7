#include <algorithm>
#include <cstdlib>
#include <exception>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/loader_parts.hpp"
#include "config/submission_model.hpp"
#include "config/yaml_support.hpp"
#include "core/field.hpp"

namespace atpipe::config {

namespace {

// Values atpipe or the collector derives (at-spec §6: IC_ReadmissionYr; transforms/derive:
// distance and delayed discharge): CAP computes them itself, so they are not upload items.
bool is_derived(core::Field field) {
  return field == core::Field::AdmissionType || field == core::Field::DistanceFromHomeKm ||
         field == core::Field::DelayedDischarge;
}

}  // namespace

UploadProfile default_upload_profile() {
  UploadProfile profile;
  for (const auto& info : core::all_fields()) {
    if (!is_derived(info.id)) {
      profile.columns.push_back({std::string(info.name), std::string(info.national_name)});
    }
  }
  return profile;
}

}  // namespace atpipe::config

namespace atpipe::config::detail {
namespace {

const KeyTable kSubmissionKeys = {
    {"approval",
     KeyType::Enum,
     false,
     "required",
     {"required", "auto"},
     "required: a person signs off each return with `atpipe submit --approve`; auto: sent "
     "when prepared"},
    {"hold_if_drop_percent",
     KeyType::String,
     false,
     "",
     {},
     "hold for sign-off when the record count falls by this percent or more against last "
     "period's sent return (0-100)"},
    {"profile", KeyType::Map, false, "", {}, "the upload file's columns, header names and format"},
    {"sink", KeyType::Map, true, "", {}, "where the upload goes: { type: folder | ..., ... }"},
};

const KeyTable kProfileKeys = {
    {"columns",
     KeyType::StringList,
     false,
     "",
     {},
     "canonical fields in upload order (default: every upload item, return order); also "
     "reporting_period_end, inpatient_at_period_end"},
    {"headers", KeyType::Map, false, "", {}, "field -> header name (default: national name)"},
    {"date_format", KeyType::String, false, "%d/%m/%Y", {}, "strftime-style date format"},
    {"separator", KeyType::String, false, ",", {}, "one character between columns"},
    {"value_separator",
     KeyType::String,
     false,
     ";",
     {},
     "one character between the values of one multi-value item"},
    {"line_ending", KeyType::Enum, false, "crlf", {"crlf", "lf"}, "line ending"},
    {"file_name",
     KeyType::String,
     false,
     "AT_upload_{commissioner}_{period}.csv",
     {},
     "the name the receiver sees; {commissioner} and {period} are filled in"},
};

const std::vector<std::string> kReturnOnlyColumns = {"reporting_period_end",
                                                     "inpatient_at_period_end"};

std::string national_header(const std::string& key) {
  if (key == "reporting_period_end") {
    return "ReportingPeriodEnd";
  }
  if (key == "inpatient_at_period_end") {
    return "InpatientAtPeriodEnd";
  }
  return std::string(core::field_info(*core::field_by_name(key)).national_name);
}

bool known_column(const std::string& key) {
  return core::field_by_name(key).has_value() ||
         std::find(kReturnOnlyColumns.begin(), kReturnOnlyColumns.end(), key) !=
             kReturnOnlyColumns.end();
}

std::optional<char> one_char(const NodeReader& reader, const std::string& key, char fallback) {
  auto text = reader.string(key);
  if (!text) {
    return fallback;
  }
  std::string value = *text == "\\t" ? "\t" : *text;
  if (value.size() != 1 || value[0] == '"' || value[0] == '\r' || value[0] == '\n') {
    reader.diagnostics().error(reader.mark_of(key),
                               key_in(reader, key) +
                                   " must be one character (not a quote or line break), got '" +
                                   *text + "'");
    return std::nullopt;
  }
  return value[0];
}

void read_columns(const NodeReader& reader, UploadProfile& out) {
  if (reader.has("columns")) {
    out.columns.clear();
    std::vector<std::string> seen;
    for (const auto& key : reader.string_list("columns")) {
      if (!known_column(key)) {
        reader.diagnostics().error(reader.mark_of("columns"),
                                   unknown_field_message(key, "'columns' of submission.profile"));
        continue;
      }
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        reader.diagnostics().error(reader.mark_of("columns"),
                                   "column '" + key + "' given twice in submission.profile");
        continue;
      }
      seen.push_back(key);
      out.columns.push_back({key, national_header(key)});
    }
    if (reader.string_list("columns").empty()) {
      reader.diagnostics().error(reader.mark_of("columns"),
                                 "'columns' of submission.profile names no column");
    }
  }
  const auto& file = reader.config_file();
  for (const auto& entry : entries_of(reader.node("headers"))) {
    if (!entry.key.IsScalar() || !entry.value.IsScalar()) {
      reader.diagnostics().error(mark_of(entry.key, file),
                                 "entries of 'headers' in submission.profile must be field: name");
      continue;
    }
    const std::string key = entry.key.Scalar();
    auto column = std::find_if(out.columns.begin(), out.columns.end(),
                               [&](const UploadColumn& c) { return c.key == key; });
    if (column == out.columns.end()) {
      reader.diagnostics().error(
          mark_of(entry.key, file),
          "'headers' renames '" + key + "', which is not a column of submission.profile");
      continue;
    }
    column->header = entry.value.Scalar();
  }
}

UploadProfile read_profile(const NodeReader& top) {
  UploadProfile out = default_upload_profile();
  if (!top.node("profile").IsMap()) {
    return out;
  }
  NodeReader reader(top.node("profile"), kProfileKeys, "submission.profile", top.diagnostics(),
                    top.config_file());
  read_columns(reader, out);
  out.date_format = reader.string("date_format").value_or(out.date_format);
  if (out.date_format.find("%Y") == std::string::npos) {
    reader.diagnostics().error(reader.mark_of("date_format"),
                               "'date_format' of submission.profile must hold %Y (a 4-digit "
                               "year), got '" +
                                   out.date_format + "'");
  }
  out.separator = one_char(reader, "separator", out.separator).value_or(out.separator);
  out.value_separator =
      one_char(reader, "value_separator", out.value_separator).value_or(out.value_separator);
  if (out.separator == out.value_separator) {
    reader.diagnostics().error(reader.mark_of("value_separator"),
                               "'value_separator' of submission.profile must differ from "
                               "'separator'");
  }
  out.line_ending = reader.string("line_ending").value_or("crlf") == "lf" ? "\n" : "\r\n";
  out.file_name = reader.string("file_name").value_or(out.file_name);
  if (out.file_name.find('/') != std::string::npos || out.file_name.empty() ||
      out.file_name[0] == '.') {
    reader.diagnostics().error(reader.mark_of("file_name"),
                               "'file_name' of submission.profile must be a plain file name");
  }
  return out;
}

std::optional<double> read_percent(const NodeReader& reader) {
  auto text = reader.string("hold_if_drop_percent");
  if (!text) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || v < 0.0 || v > 100.0) {
    reader.diagnostics().error(reader.mark_of("hold_if_drop_percent"),
                               "'hold_if_drop_percent' in submission must be a number from 0 "
                               "to 100, got '" +
                                   *text + "'");
    return std::nullopt;
  }
  return v;
}

}  // namespace

void read_submission(const NodeReader& top, const SinkRegistry& sinks,
                     std::optional<SubmissionSpec>& out) {
  if (!top.has("submission") || !top.node("submission").IsMap()) {
    return;  // absent, or its shape already reported
  }
  NodeReader reader(top.node("submission"), kSubmissionKeys, "submission", top.diagnostics(),
                    top.config_file());
  SubmissionSpec spec;
  spec.mark = reader.mark();
  spec.approval = reader.string("approval").value_or("required") == "auto"
                      ? SubmissionSpec::Approval::Auto
                      : SubmissionSpec::Approval::Required;
  spec.hold_if_drop_percent = read_percent(reader);
  spec.profile = read_profile(reader);
  read_sink(reader, sinks, spec.sink);
  out = std::move(spec);
}

}  // namespace atpipe::config::detail
