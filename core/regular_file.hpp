#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/expected.hpp"
#include "core/provenance.hpp"

namespace atpipe::core {

// The whole contents of `file`, which must be a regular file (or a link to one) of at most
// `max_size` bytes. Opened without blocking and checked on the open descriptor (no window
// between a check and the open), so a FIFO, a device such as /dev/zero, a folder or a socket
// is an error naming what it is, never a hang or an endless read. Errors (ErrorCode::Io) carry
// `where`. Every file atpipe reads as input goes through here.
[[nodiscard]] Expected<std::string> read_regular_file(const std::filesystem::path& file,
                                                      const Provenance& where,
                                                      std::uint64_t max_size);

// At most `max_size` bytes from the start of `file`, with the same checks but no limit on the
// file's own size; `whole` is set when that is all of it. For reading a header cheaply.
struct FilePrefix {
  std::string bytes;
  bool whole = false;
};
[[nodiscard]] Expected<FilePrefix> read_regular_prefix(const std::filesystem::path& file,
                                                       const Provenance& where,
                                                       std::uint64_t max_size);

// Why a file of this type is not read ("is a FIFO (named pipe)"); "" for a regular file.
[[nodiscard]] std::string why_not_regular(std::filesystem::file_type type);

}  // namespace atpipe::core
