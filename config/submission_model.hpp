#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/sink_factory.hpp"

namespace atpipe::config {

// One column of the upload file: what fills it and the name in the header.
struct UploadColumn {
  // A canonical field name (`nhs_number`), or one of the return's own columns
  // `reporting_period_end` and `inpatient_at_period_end`.
  std::string key;
  std::string header;  // the header cell; the national name unless the profile renames it
};

// The shape of the bulk upload file (`submission.profile`). The built-in default follows the
// CAP conventions of at-spec §1.2: national names, ',' between columns, ';' between the
// values of one item, DD/MM/YYYY, CRLF, NHS numbers without spaces, and only upload items
// (no ReportingPeriodEnd, InpatientAtPeriodEnd or derived items).
struct UploadProfile {
  std::vector<UploadColumn> columns;
  std::string date_format = "%d/%m/%Y";  // strftime-style, as outputs.return_dates
  char separator = ',';                  // between columns
  char value_separator = ';';            // between the values of one multi-value item
  std::string line_ending = "\r\n";
  // Templates: {commissioner}, {period}.
  std::string file_name = "AT_upload_{commissioner}_{period}.csv";
};

// The built-in profile (see UploadProfile).
[[nodiscard]] UploadProfile default_upload_profile();

// `submission:`: sign-off, the drop that forces sign-off, the upload profile and the sink.
struct SubmissionSpec {
  enum class Approval { Required, Auto };
  Approval approval = Approval::Required;
  // A return with this many percent fewer records than last period's sent return waits for
  // sign-off even with `approval: auto`; nullopt = never held for a drop.
  std::optional<double> hold_if_drop_percent;
  UploadProfile profile = default_upload_profile();
  SinkSpec sink;
  Mark mark;
};

}  // namespace atpipe::config
