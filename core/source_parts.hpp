#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "core/expected.hpp"
#include "core/source.hpp"

namespace atpipe::core {

// Takes one part of a source's rows. `file_rows` is set on the first part of each file: an
// upper bound on that file's rows (0 = unknown), so that the taker can make room once. An
// error from the taker stops the pull and comes back from pull_parts().
using TakePart = std::function<Expected<void>(RawBatch part, std::size_t file_rows)>;

// A source that can also hand its rows over a part at a time, so that a large file's raw rows
// (a million rows of strings take hundreds of MiB) are never all held at once. Parts come in
// file and row order, at most `rows_per_part` rows each; the parts of one file share its
// `file` and `header`. A file that cannot be read whole still fails the pull, possibly after
// some of its parts were taken: the caller must then drop every part it took, so that no row
// of a partly read file survives (the rule RawBatch states for pull()).
class PartedSource {
 public:
  virtual ~PartedSource() = default;
  // The files found and not read, as PullResult::skipped.
  [[nodiscard]] virtual Expected<std::vector<SkippedFile>> pull_parts(const PullContext& ctx,
                                                                      std::size_t rows_per_part,
                                                                      const TakePart& take) = 0;
};

}  // namespace atpipe::core
