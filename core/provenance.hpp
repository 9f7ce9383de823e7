#pragma once

#include <cstddef>
#include <string>

namespace atpipe::core {

// Where a value came from: the source instance, the file or URL, the 1-based row as a
// spreadsheet shows it (the header is row 1) and, when known, the canonical field.
// Copied into every record, finding and error so that a message can always point back.
struct Provenance {
  std::string source;
  std::string file;
  std::size_t row = 0;
  std::string field;

  // "source 'la', file 'x.csv', row 4, field 'nhs_number'"; parts that are unset are left out.
  [[nodiscard]] std::string describe() const;
};

}  // namespace atpipe::core
