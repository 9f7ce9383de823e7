#pragma once

// Reads the reference files `reference:` names (MPSL sites, commissioners, postcode centroids)
// into one core::ReferenceData. The files are small CSV extracts an analyst prepares; every
// problem is reported as "<file> row N: ..." (the header is row 1, as a spreadsheet shows it)
// and fails the whole file, so a half-read snapshot can never make codes look unknown.

#include <memory>
#include <string>
#include <string_view>

#include "config/key_table.hpp"
#include "core/expected.hpp"
#include "core/reference_data.hpp"

namespace atpipe::config {

// `site_code,provider_code,postcode,name`: fills sites and providers. `name` is the file name
// messages use.
[[nodiscard]] core::Expected<void> parse_sites(std::string_view text, const std::string& name,
                                               core::ReferenceData& out);

// `code,name,open_date,close_date` (ISO dates, close_date may be empty): fills commissioners.
[[nodiscard]] core::Expected<void> parse_commissioners(std::string_view text,
                                                       const std::string& name,
                                                       core::ReferenceData& out);

// `postcode,latitude,longitude` (an ONS Postcode Directory extract): fills centroids. Rows
// with ONSPD's "no grid reference" latitude (99.999999) and ZZ99 pseudo-postcodes are skipped.
[[nodiscard]] core::Expected<void> parse_postcodes(std::string_view text, const std::string& name,
                                                   core::ReferenceData& out);

}  // namespace atpipe::config

namespace atpipe::config::detail {

// The `reference:` section of the top-level reader: reads each file it names, reporting a
// file that cannot be read or parsed at the key naming it. Null when the section is absent
// or anything was wrong.
[[nodiscard]] std::shared_ptr<const core::ReferenceData> read_reference(const NodeReader& top);

}  // namespace atpipe::config::detail
