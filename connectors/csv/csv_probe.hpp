#pragma once

#include <string>

#include "config/source_factory.hpp"
#include "connectors/csv/csv_config.hpp"
#include "core/expected.hpp"

namespace atpipe::connectors::csv {

// The header of every file a csv source would read now, read from the start of each file
// only (`check-config --probe`). Files are listed, opened and decoded by the pull's own rules,
// so a file the pull would refuse (a FIFO, too big to start with, a broken header) is an error
// here too; no file at all is a note, since the config may be checked before the extract lands.
[[nodiscard]] core::Expected<config::SourceProbe> probe_csv(const CsvConfig& config,
                                                            const std::string& source);

}  // namespace atpipe::connectors::csv
