#pragma once

#include <string>

#include "transforms/linkage/link_config.hpp"

namespace atpipe::bench {

// The engine's default linkage config, with two overrides from the environment for
// experiments: ATPIPE_LINK_BLOCKING="date_of_birth;postcode_district,sex" (rules split by
// ';', parts by ',') and ATPIPE_LINK_THREADS=N. Exits with a message on an unknown part.
[[nodiscard]] transforms::linkage::LinkageConfig bench_linkage_config();

// "date_of_birth | postcode_sector+forename_initial | …" for the report.
[[nodiscard]] std::string describe_blocking(const transforms::linkage::LinkageConfig& config);

}  // namespace atpipe::bench
