#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date_value.hpp"
#include "core/expected.hpp"
#include "core/source_state.hpp"

namespace atpipe::core {

// One row as the source gave it. `problem` is set when the row itself is malformed (for
// example a different number of fields from the header); the pipeline rejects such a row
// with that reason instead of guessing, so it is still accounted for.
struct RawRow {
  std::size_t row = 0;  // 1-based, as a spreadsheet shows it (header = 1)
  std::vector<std::string> values;
  std::string problem;
};

// The rows of one file (or one API response set), always whole: a connector that cannot
// read all of a file returns an error instead of a partial batch.
struct RawBatch {
  std::string file;  // path or URL, for provenance
  std::vector<std::string> header;
  std::vector<RawRow> rows;
};

struct PullContext {
  Date cut;  // the reporting cut the run is for; SQL sources pass it as a parameter
  // What earlier runs took (sftp skips files it has pulled before); nullptr = take everything.
  SourceState* state = nullptr;
};

// A file (or folder entry) a source found but did not read: a folder, a FIFO, a dangling or
// looping symbolic link, an unreadable file. Named so that the run can show it; never
// skipped without a word.
struct SkippedFile {
  std::string file;    // the path as configured plus the entry's name
  std::string reason;  // "is a folder", "is a FIFO (named pipe)", ...
};

struct PullResult {
  std::vector<RawBatch> batches;
  std::vector<SkippedFile> skipped;
};

// A configured source instance. Built by its factory from an immutable config; pull() may be
// called once per run from the run's thread.
class Source {
 public:
  virtual ~Source() = default;
  [[nodiscard]] virtual const std::string& name() const = 0;
  [[nodiscard]] virtual std::string_view type() const = 0;
  [[nodiscard]] virtual Expected<PullResult> pull(const PullContext& ctx) = 0;
};

using SourcePtr = std::unique_ptr<Source>;

}  // namespace atpipe::core
