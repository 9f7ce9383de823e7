#pragma once

#include <filesystem>
#include <string_view>

#include "core/expected.hpp"

namespace atpipe::transforms {

// Writes `content` to `path` so that readers see the old file or the whole new one, never a
// half-written file: a 0600 temporary in the same folder, fsync, rename. Missing parent
// folders are created 0700. Patient data never sits in a world-readable file.
[[nodiscard]] core::Expected<void> write_file_atomic(const std::filesystem::path& path,
                                                     std::string_view content);

}  // namespace atpipe::transforms
