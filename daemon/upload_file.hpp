#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/submission_model.hpp"
#include "core/expected.hpp"

namespace atpipe::daemon {

// The bulk upload file made from a run's return (issue 13 "Upload profile").
struct UploadFile {
  std::string content;
  std::size_t records = 0;  // data rows
};

// The return (as atpipe wrote it: national headers, dates in `return_date_format`, ';' between
// values) rewritten in the profile's shape: only the profile's columns, in its order, under
// its header names, with its date form, separators and line ending. A column the profile names
// but the return lacks, or a cell that is not in the return's date form, is a Parse error
// naming row and column (never the value).
[[nodiscard]] core::Expected<UploadFile> render_upload(std::string_view return_text,
                                                       const config::UploadProfile& profile,
                                                       const std::string& return_date_format);

// One way a file differs from a profile.
struct UploadProblem {
  std::size_t row = 0;     // 1-based, header = 1; 0 = the whole file
  std::size_t column = 0;  // 1-based; 0 = the whole row
  std::string message;     // names the column, never the value
};

// Checks `text` strictly against `profile`: the exact header, the line ending on every line,
// the separator (each row as many fields as the header), dates only in the profile's form
// (an ISO date is refused when the profile says DD/MM/YYYY) and NHS numbers as 10 digits with
// no spaces. The file render_upload() makes always passes.
[[nodiscard]] std::vector<UploadProblem> validate_upload(std::string_view text,
                                                         const config::UploadProfile& profile);

// "row 3, column E (NHSNumber): ..." for people.
[[nodiscard]] std::string describe(const UploadProblem& problem,
                                   const config::UploadProfile& profile);

}  // namespace atpipe::daemon
