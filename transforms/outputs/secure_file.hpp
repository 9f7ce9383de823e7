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

// For writers that produce the file themselves (libxlsxwriter): a fresh temporary name beside
// `path`, then commit_temp() makes it 0600 and renames it into place (or removes it).
[[nodiscard]] std::filesystem::path temp_beside(const std::filesystem::path& path);
[[nodiscard]] core::Expected<void> commit_temp(const std::filesystem::path& tmp,
                                               const std::filesystem::path& path);

}  // namespace atpipe::transforms
