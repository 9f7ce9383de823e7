#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace atpipe::transforms {

// An open file descriptor, closed when the object goes away. Move-only; owned by the one
// function or object that opened it.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor();

  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// An Io error naming `path` (never its contents) and the system's reason.
[[nodiscard]] core::Unexpected<core::Error> io_failure(const std::filesystem::path& path,
                                                       const std::string& what, int err);

// Opens a folder without following a symlink at its last component.
[[nodiscard]] core::Expected<FileDescriptor> open_folder(const std::filesystem::path& path);

// fsync on a folder, so that a rename or a new name in it survives a crash.
[[nodiscard]] core::Expected<void> sync_folder(const std::filesystem::path& path);

// Writes all of `content` to `fd` (retrying short writes and EINTR); 0 or the errno.
[[nodiscard]] int write_all(int fd, std::string_view content);

// Creates `name` in the folder open as `folder` (O_EXCL, O_NOFOLLOW: an existing file or a
// symlink planted at the name is an error, never followed), 0600 whatever the umask, open for
// writing. `shown` names the file in errors.
[[nodiscard]] core::Expected<FileDescriptor> create_new_file_at(int folder, const std::string& name,
                                                                const std::filesystem::path& shown);

// Creates `name` in the folder open as `folder` (O_EXCL, O_NOFOLLOW: an existing file or a
// symlink planted at the name is an error, never followed), 0600 whatever the umask, writes
// `content` and fsyncs it. `shown` names the file in errors.
[[nodiscard]] core::Expected<void> write_new_file_at(int folder, const std::string& name,
                                                     std::string_view content,
                                                     const std::filesystem::path& shown);

// For a file a library wrote by name: opens it without following a symlink, requires a
// regular file, fchmods it 0600 and fsyncs it.
[[nodiscard]] core::Expected<void> seal_file_at(int folder, const std::string& name,
                                                const std::filesystem::path& shown);

// Writes `content` to `path` so that readers see the old file or the whole new one, never a
// half-written file: a 0600 temporary in the same folder, fsync, rename. Missing parent
// folders are created 0700. Patient data never sits in a world-readable file.
[[nodiscard]] core::Expected<void> write_file_atomic(const std::filesystem::path& path,
                                                     std::string_view content);

// For writers that produce the file themselves by name (libxlsxwriter): a name inside a fresh
// private folder beside `path` (mkdtemp: 0700, a name nobody else could have chosen), so no
// planted symlink is ever followed. commit_temp() seals it (0600, fsync, no symlink followed),
// renames it to `path` and removes the private folder; on failure it removes both. Empty when
// no private folder could be made (the writer then fails to open it).
[[nodiscard]] std::filesystem::path temp_beside(const std::filesystem::path& path);
[[nodiscard]] core::Expected<void> commit_temp(const std::filesystem::path& tmp,
                                               const std::filesystem::path& path);

}  // namespace atpipe::transforms
